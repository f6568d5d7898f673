import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingAuditor } from '../audit/test-support/recording.js';
import { ManualClock } from '../clock.js';
import { createApiToken, revokeApiTokenById } from '../commands/apiTokens.js';
import { AppError } from '../errors.js';
import { findApiTokenByHash } from '../storage/apiTokens.js';
import { type Db, openDatabase } from '../storage/db.js';
import type { Actor } from './actor.js';
import { authenticateToken } from './authenticateToken.js';
import { generateToken, hashToken } from './tokens.js';

const operator: Actor = { kind: 'user', userId: 'os:test', username: 'test', via: 'cli' };
const MESSAGE = 'Invalid, expired or revoked API token.';

let db: Db;
let clock: ManualClock;
const audit = recordingAuditor();

beforeEach(() => {
  clock = new ManualClock();
  db = openDatabase(':memory:', clock.now());
});
afterEach(() => db.close());

function issue(username = 'alice', expiresInMs?: number) {
  return createApiToken({ db, clock, audit }, operator, { username, expiresInMs });
}

/** Authenticates and expects the one uniform refusal. */
function refused(presented: string): void {
  let caught: unknown;
  try {
    authenticateToken(db, presented, clock.now());
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${JSON.stringify(presented.slice(0, 40))} to be refused`).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('invalid_token');
  expect((caught as AppError).message).toBe(MESSAGE);
}

describe('authenticateToken', () => {
  it('turns a valid token into a frozen actor', async () => {
    const { id, token } = await issue('alice');
    const actor = authenticateToken(db, token, clock.now());
    const userId = findApiTokenByHash(db, hashToken(token))?.user_id;
    expect(actor).toEqual({
      kind: 'user',
      userId,
      username: 'alice',
      via: 'api_token',
      tokenId: id,
      roles: [],
      groups: [],
      attributes: {},
    });
    expect(Object.isFrozen(actor)).toBe(true);
  });

  it('records when the token was last used', async () => {
    const { token } = await issue();
    clock.advance(5_000);
    authenticateToken(db, token, clock.now());
    expect(findApiTokenByHash(db, hashToken(token))?.last_used_at).toBe(clock.now());
  });

  it('refuses a well-formed token that was never issued', async () => {
    await issue();
    refused(generateToken());
  });

  it.each([
    ['wrong prefix', () => `tok_${generateToken().slice(4)}`],
    ['wrong length', () => generateToken().slice(0, -1)],
    ['SQL-ish text', () => "prl_' OR 1=1; DROP TABLE api_tokens; --"],
    ['10 KB string', () => `prl_${'A'.repeat(10 * 1024)}`],
    ['empty string', () => ''],
    ['Bearer prefix left in', () => `Bearer ${generateToken()}`],
  ])('refuses a malformed token (%s) with the same answer', async (_why, make) => {
    await issue();
    refused(make());
    expect((db.prepare('SELECT COUNT(*) AS n FROM api_tokens').get() as { n: number }).n).toBe(1);
  });

  it('refuses a malformed token before any database lookup', async () => {
    const untouchable = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'prepare') throw new Error('the database must not be queried');
        return Reflect.get(target, prop, receiver);
      },
    });
    for (const presented of ["prl_' OR 1=1 --", `prl_${'A'.repeat(10 * 1024)}`, '']) {
      let caught: unknown;
      try {
        authenticateToken(untouchable, presented, clock.now());
      } catch (err) {
        caught = err;
      }
      expect((caught as AppError).code).toBe('invalid_token');
    }
  });

  it('refuses the stored hash presented as if it were the token', async () => {
    const { token } = await issue();
    refused(hashToken(token));
    refused(`prl_${hashToken(token).slice(0, 43)}`);
  });

  it('refuses a revoked token', async () => {
    const { id, token } = await issue();
    authenticateToken(db, token, clock.now());
    await revokeApiTokenById({ db, clock, audit }, operator, id);
    refused(token);
  });

  it('refuses a token from the instant it expires', async () => {
    const { token } = await issue('alice', 60_000);
    clock.advance(59_999);
    expect(authenticateToken(db, token, clock.now()).username).toBe('alice');
    clock.advance(1);
    refused(token);
    clock.advance(86_400_000);
    refused(token);
  });

  it('refuses every token of a disabled user, and only theirs', async () => {
    const a = await issue('alice');
    const b = await issue('bob');
    db.prepare("UPDATE users SET disabled_at = ? WHERE username = 'alice'").run(clock.now());
    refused(a.token);
    expect(authenticateToken(db, b.token, clock.now()).username).toBe('bob');
  });

  it('maps each token to its own user', async () => {
    const a = await issue('alice');
    const b = await issue('bob');
    expect(authenticateToken(db, a.token, clock.now()).tokenId).toBe(a.id);
    expect(authenticateToken(db, b.token, clock.now()).tokenId).toBe(b.id);
  });
});
