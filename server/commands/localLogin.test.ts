import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, operator, PASSWORD, rejection } from '../auth/local/test-support/fixtures.js';
import { getLocalCredential } from '../storage/localCredentials.js';
import { createLocalUser, unlockAccount } from './localAccounts.js';
import { localLogin } from './localLogin.js';

let h: Harness;
let aliceId: string;
const login = (over: Partial<Parameters<typeof localLogin>[1]> = {}) =>
  localLogin(h, { username: 'alice', password: PASSWORD, ip: '10.0.0.1', ...over });
const fail = (over: Partial<Parameters<typeof localLogin>[1]> = {}) => rejection(login(over));

beforeEach(async () => {
  h = harness();
  aliceId = (await createLocalUser(h, operator, { username: 'alice', password: PASSWORD, roles: ['admin'] }))
    .userId;
  await createLocalUser(h, operator, { username: 'bob', password: PASSWORD, roles: [] });
});
afterEach(() => h.db.close());

describe('localLogin without MFA', () => {
  it('signs in with the right password and reports it', async () => {
    expect(await login()).toEqual({ status: 'ok', userId: aliceId });
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'auth.login.succeeded',
        actor: { kind: 'principal', userId: aliceId },
        details: { method: 'local' },
      }),
    );
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await fail({ password: 'wrong password!' });
    const unknown = await fail({ username: 'mallory', ip: '10.0.0.2' });
    expect(wrong.code).toBe('invalid_credentials');
    expect(unknown.code).toBe('invalid_credentials');
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.details).toEqual(wrong.details);
    // Both are recorded as denied; an unknown name only by its (later pseudonymised) name key.
    expect(h.audit.events.filter((e) => e.action === 'auth.login.failed')).toEqual([
      expect.objectContaining({ outcome: 'denied', reason: 'bad_password' }),
      expect.objectContaining({
        outcome: 'denied',
        reason: 'unknown_user',
        actor: { kind: 'principal', userId: 'name:mallory' },
      }),
    ]);
    // No entry or error ever carries the password.
    expect(JSON.stringify(h.audit.events)).not.toContain('wrong password');
  });

  it('refuses disabled accounts like unknown ones, even with the right password', async () => {
    h.db.prepare('UPDATE users SET disabled_at = 1 WHERE id = ?').run(aliceId);
    expect((await fail()).message).toBe('Invalid username or password.');
  });

  it('refuses everything when local sign-in is disabled', async () => {
    h.config = { ...h.config, enabled: false };
    expect((await fail()).code).toBe('invalid_credentials');
  });
});

describe('back-off', () => {
  it('doubles per account from backoffBaseMs up to backoffMaxMs, refusing without a password check', async () => {
    const waits: number[] = [];
    h.config = { ...h.config, lockAfterFailures: 100 };
    for (let i = 0; i < 6; i++) {
      await fail({ password: 'wrong password!' });
      // Even the correct password is refused during back-off.
      const refused = await fail();
      expect(refused.message).toContain('Too many failed sign-in attempts');
      waits.push(refused.details.retryAfterSeconds as number);
      h.clock.advance((waits[i] as number) * 1000 - 1);
      expect((await fail()).details.retryAfterSeconds).toBe(1);
      h.clock.advance(1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
    expect(await login()).toMatchObject({ status: 'ok' });
  });

  it('applies the account back-off to every IP, but one IP’s failures do not block another IP', async () => {
    await fail({ password: 'wrong password!', ip: '10.0.0.1' });
    // Same account, other IP: blocked by the account back-off.
    expect((await fail({ ip: '10.0.0.2' })).details.retryAfterSeconds).toBe(1);
    // Other account, same IP: blocked by the IP back-off.
    expect((await fail({ username: 'bob', ip: '10.0.0.1' })).details.retryAfterSeconds).toBe(1);
    // Other account, other IP: not blocked.
    expect(await login({ username: 'bob', ip: '10.0.0.3' })).toMatchObject({ status: 'ok' });
  });

  it('backs off unknown usernames too, so back-off does not reveal which accounts exist', async () => {
    await fail({ username: 'mallory', password: 'wrong password!', ip: '10.0.0.5' });
    expect((await fail({ username: 'mallory', ip: '10.0.0.6' })).details.retryAfterSeconds).toBe(1);
  });

  it('reserves the account slot, so parallel attempts cannot all be checked', async () => {
    const results = await Promise.allSettled([
      login({ password: 'wrong 1 password' }),
      login({ ip: '10.0.0.9' }),
    ]);
    const second = results[1].status === 'rejected' ? results[1].reason : undefined;
    expect(second?.message).toContain('Too many failed sign-in attempts');
  });
});

describe('lock', () => {
  async function failUntilLocked(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await fail({ password: 'wrong password!', ip: `10.0.1.${i}` });
      h.clock.advance(8_000);
    }
  }

  it('locks after lockAfterFailures, revealing it only to the correct password', async () => {
    await failUntilLocked();
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({ action: 'auth.account.locked', object: { type: 'user', id: aliceId } }),
    );
    const wrong = await fail({ password: 'wrong password!' });
    expect(wrong.code).toBe('invalid_credentials');
    h.clock.advance(8_000);
    const right = await fail();
    expect(right.code).toBe('account_locked');
    // Locked at t=16 s (third failure) for 60 s; now is t=32 s.
    expect(right.details.retryAfterSeconds).toBe(60 - 16);
  });

  it('unlocks by itself after lockDurationMs', async () => {
    await failUntilLocked();
    h.clock.advance(60_000);
    expect(await login()).toMatchObject({ status: 'ok' });
  });

  it('with lockDurationMs 0, stays locked until an administrator unlocks it', async () => {
    h.config = { ...h.config, lockDurationMs: 0 };
    await failUntilLocked();
    h.clock.advance(30 * 86_400_000);
    const err = await fail();
    expect(err.code).toBe('account_locked');
    expect(err.details.retryAfterSeconds).toBeUndefined();
    await unlockAccount(h, operator, 'alice');
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({ action: 'auth.account.unlocked', actor: operator, reason: 'admin' }),
    );
    expect(await login()).toMatchObject({ status: 'ok' });
  });

  it('admin unlock lifts the lock and the back-off at once', async () => {
    await failUntilLocked();
    await fail({ password: 'wrong password!', ip: '10.0.2.1' });
    await unlockAccount(h, operator, 'alice');
    expect(await login({ ip: '10.0.2.2' })).toMatchObject({ status: 'ok' });
    expect((await rejection(unlockAccount(h, operator, 'mallory'))).code).toBe('user_not_found');
  });
});

describe('transparent re-hash', () => {
  it('rewrites the stored hash with raised parameters after a successful sign-in', async () => {
    expect(getLocalCredential(h.db, aliceId)?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await fail({ password: 'wrong password!' }); // a failure never re-hashes
    h.clock.advance(1_000);
    h.config = { ...h.config, argon2MemoryKiB: 65_536, argon2TimeCost: 3 };
    expect(await login({ ip: '10.0.0.7' })).toMatchObject({ status: 'ok' });
    const stored = getLocalCredential(h.db, aliceId)?.password_hash;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(await login({ ip: '10.0.0.7' })).toMatchObject({ status: 'ok' });
    expect(getLocalCredential(h.db, aliceId)?.password_hash).toBe(stored); // no needless re-hash
  });
});
