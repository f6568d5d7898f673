import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from './apiTokens.js';
import { type Db, openDatabase } from './db.js';
import { ensureUser } from './users.js';

let db: Db;
let aliceId: string;
let bobId: string;

beforeEach(() => {
  db = openDatabase(':memory:');
  aliceId = ensureUser(db, 'alice', 1).id;
  bobId = ensureUser(db, 'bob', 1).id;
});
afterEach(() => db.close());

const hash = (c: string) => c.repeat(64);

function add(
  id: string,
  userId: string,
  createdAt: number,
  over: { expires_at?: number | null; label?: string } = {},
) {
  insertApiToken(db, {
    id,
    user_id: userId,
    token_hash: hash(id.slice(-1)),
    label: over.label ?? null,
    created_at: createdAt,
    expires_at: over.expires_at ?? null,
  });
}

describe('api token storage', () => {
  it('finds a token by hash together with its owner', () => {
    add('tok_a', aliceId, 10, { expires_at: 99, label: 'ci' });
    const row = findApiTokenByHash(db, hash('a'));
    expect(row).toMatchObject({
      id: 'tok_a',
      user_id: aliceId,
      username: 'alice',
      user_disabled_at: null,
      label: 'ci',
      created_at: 10,
      expires_at: 99,
      revoked_at: null,
      last_used_at: null,
    });
    expect(findApiTokenByHash(db, hash('f'))).toBeUndefined();
  });

  it('refuses a second token with the same hash', () => {
    add('tok_a', aliceId, 10);
    expect(() =>
      insertApiToken(db, {
        id: 'tok_x',
        user_id: bobId,
        token_hash: hash('a'),
        label: null,
        created_at: 1,
        expires_at: null,
      }),
    ).toThrow(/UNIQUE/);
  });

  it('refuses a token for a user that does not exist', () => {
    expect(() =>
      insertApiToken(db, {
        id: 'tok_g',
        user_id: 'ghost',
        token_hash: hash('g'),
        label: null,
        created_at: 1,
        expires_at: null,
      }),
    ).toThrow(/FOREIGN KEY/);
  });

  it('revokes a live token once; a second revoke or an unknown id returns false', () => {
    add('tok_a', aliceId, 10);
    expect(revokeApiToken(db, 'tok_a', 50)).toBe(true);
    expect(findApiTokenByHash(db, hash('a'))?.revoked_at).toBe(50);
    expect(revokeApiToken(db, 'tok_a', 60)).toBe(false);
    expect(findApiTokenByHash(db, hash('a'))?.revoked_at).toBe(50); // first revocation time kept
    expect(revokeApiToken(db, 'tok_nope', 60)).toBe(false);
    expect(revokeApiToken(db, "' OR 1=1 --", 60)).toBe(false);
  });

  it('lists tokens newest first, for everyone or one user', () => {
    add('tok_a', aliceId, 10);
    add('tok_b', bobId, 30);
    add('tok_c', aliceId, 20);
    expect(listApiTokens(db).map((t) => [t.id, t.username])).toEqual([
      ['tok_b', 'bob'],
      ['tok_c', 'alice'],
      ['tok_a', 'alice'],
    ]);
    expect(listApiTokens(db, 'alice').map((t) => t.id)).toEqual(['tok_c', 'tok_a']);
    expect(listApiTokens(db, 'nobody')).toEqual([]);
    expect(listApiTokens(db, "alice' OR '1'='1")).toEqual([]);
  });

  it('records use at most once a minute', () => {
    add('tok_a', aliceId, 10);
    touchApiToken(db, 'tok_a', 100_000);
    expect(findApiTokenByHash(db, hash('a'))?.last_used_at).toBe(100_000);
    touchApiToken(db, 'tok_a', 159_999);
    expect(findApiTokenByHash(db, hash('a'))?.last_used_at).toBe(100_000);
    touchApiToken(db, 'tok_a', 160_001);
    expect(findApiTokenByHash(db, hash('a'))?.last_used_at).toBe(160_001);
  });

  it('deletes tokens with their user', () => {
    add('tok_a', aliceId, 10);
    db.prepare('DELETE FROM users WHERE id = ?').run(aliceId);
    expect(listApiTokens(db)).toEqual([]);
  });
});
