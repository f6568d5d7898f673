import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingAuditor } from '../audit/test-support/recording.js';
import type { Actor } from '../auth/actor.js';
import { hashToken, looksLikeToken } from '../auth/tokens.js';
import { ManualClock } from '../clock.js';
import { AppError } from '../errors.js';
import { type Db, openDatabase } from '../storage/db.js';
import { createApiToken, listTokens, revokeApiTokenById } from './apiTokens.js';

const operator: Actor = { kind: 'user', userId: 'os:test', username: 'test', via: 'cli' };

let dir: string;
let file: string;
let db: Db;
let clock: ManualClock;
const audit = recordingAuditor();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-tokens-'));
  file = path.join(dir, 'parley.db');
  clock = new ManualClock();
  db = openDatabase(file, clock.now());
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function appError(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

/** Every byte SQLite wrote for this database: main file, WAL and shared memory. */
function allDbBytes(): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith('parley.db'))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

describe('createApiToken', () => {
  it('returns a usable token once and stores only its SHA-256', async () => {
    const created = await createApiToken({ db, clock, audit }, operator, {
      username: 'alice',
      label: 'laptop',
    });
    expect(looksLikeToken(created.token)).toBe(true);
    expect(created.id).toMatch(/^tok_[0-9a-f-]{36}$/);
    expect(created.expiresAt).toBeNull();
    const rows = db.prepare('SELECT * FROM api_tokens').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashToken(created.token));
    expect(rows[0]?.label).toBe('laptop');
    for (const value of Object.values(rows[0] ?? {}))
      expect(String(value)).not.toContain(created.token.slice(4));
  });

  it('never writes the token text to the database files', async () => {
    const tokens = await Promise.all(
      ['alice', 'bob', 'carol'].map(
        async (u) => (await createApiToken({ db, clock, audit }, operator, { username: u })).token,
      ),
    );
    const before = allDbBytes(); // with the WAL still in place
    db.close();
    const after = allDbBytes(); // after the checkpoint on close
    for (const bytes of [before, after]) {
      for (const t of tokens) {
        expect(bytes.includes(Buffer.from(t))).toBe(false);
        expect(bytes.includes(Buffer.from(t.slice(4)))).toBe(false);
        expect(bytes.includes(Buffer.from(t.slice(4), 'base64url'))).toBe(false);
      }
    }
    // Positive control: the scan does see what is stored.
    expect(after.includes(Buffer.from(hashToken(tokens[0] as string)))).toBe(true);
  });

  it('sets the expiry from the clock', async () => {
    const created = await createApiToken({ db, clock, audit }, operator, {
      username: 'alice',
      expiresInMs: 3_600_000,
    });
    expect(created.expiresAt).toBe(clock.now() + 3_600_000);
    expect(listTokens({ db }, operator)[0]?.expires_at).toBe(created.expiresAt);
  });

  it('creates the user on first use and reuses it afterwards', async () => {
    await createApiToken({ db, clock, audit }, operator, { username: 'alice' });
    await createApiToken({ db, clock, audit }, operator, { username: 'alice' });
    expect(
      (db.prepare("SELECT COUNT(*) AS n FROM users WHERE username = 'alice'").get() as { n: number }).n,
    ).toBe(1);
    expect(listTokens({ db }, operator, 'alice')).toHaveLength(2);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a space', 'alice smith'],
    ['SQL', "alice'; DROP TABLE users; --"],
    ['a newline', 'alice\n'],
    ['a slash', '../admin'],
    ['non-ASCII', 'álice'],
    ['a NUL byte', 'alice\u0000admin'],
  ])('rejects a username with %s as invalid_request and stores nothing', async (_why, username) => {
    const err = await appError(() => createApiToken({ db, clock, audit }, operator, { username }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/username/i);
    expect((db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM api_tokens').get() as { n: number }).n).toBe(0);
  });

  it('accepts the documented username characters up to 64', async () => {
    for (const username of ['a', 'alice.smith_2@corp-x', 'A'.repeat(64)]) {
      expect((await createApiToken({ db, clock, audit }, operator, { username })).token).toMatch(/^prl_/);
    }
  });
});

describe('revokeApiTokenById and listTokens', () => {
  it('revokes once, then answers token_not_found', async () => {
    const { id } = await createApiToken({ db, clock, audit }, operator, { username: 'alice' });
    clock.advance(1_000);
    await revokeApiTokenById({ db, clock, audit }, operator, id);
    expect(listTokens({ db }, operator)[0]?.revoked_at).toBe(clock.now());
    const err = await appError(() => revokeApiTokenById({ db, clock, audit }, operator, id));
    expect(err.code).toBe('token_not_found');
    expect(err.message).toContain(id);
  });

  it('does not revoke anything for a hostile id', async () => {
    await createApiToken({ db, clock, audit }, operator, { username: 'alice' });
    expect(
      (await appError(() => revokeApiTokenById({ db, clock, audit }, operator, "' OR 1=1 --"))).code,
    ).toBe('token_not_found');
    expect(listTokens({ db }, operator)[0]?.revoked_at).toBeNull();
  });

  it('lists tokens without their secrets', async () => {
    const { token } = await createApiToken({ db, clock, audit }, operator, { username: 'alice' });
    const rows = listTokens({ db }, operator);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
  });
});
