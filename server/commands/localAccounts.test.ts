import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, operator, PASSWORD, rejection } from '../auth/local/test-support/fixtures.js';
import { getLocalCredential } from '../storage/localCredentials.js';
import { listUserRoles } from '../storage/userRoles.js';
import { findUserByUsername } from '../storage/users.js';
import { createApiToken } from './apiTokens.js';
import { changePassword, createLocalUser, resetMfa, resetPassword, unlockAccount } from './localAccounts.js';
import { localLogin } from './localLogin.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.db.close());

const create = (input: Partial<{ username: string; password: string; roles: string[] }> = {}) =>
  createLocalUser(h, operator, { username: 'alice', password: PASSWORD, roles: ['admin'], ...input });

describe('createLocalUser', () => {
  it('creates the user, an argon2id hash with the configured defaults and the roles', async () => {
    h.config = { ...h.config, argon2MemoryKiB: 65_536, argon2TimeCost: 3, argon2Parallelism: 1 };
    const { userId } = await create({ roles: ['admin', 'auditor'] });
    expect(findUserByUsername(h.db, 'alice')?.id).toBe(userId);
    const hash = getLocalCredential(h.db, userId)?.password_hash ?? '';
    expect(hash.startsWith('$argon2id$v=19$m=65536,t=3,p=1$')).toBe(true);
    expect(hash).not.toContain(PASSWORD);
    expect(listUserRoles(h.db, userId)).toEqual(['admin', 'auditor']);
    const granted = h.db.prepare('SELECT granted_by FROM user_roles WHERE user_id = ?').all(userId);
    expect(granted).toEqual([{ granted_by: 'os:admin' }, { granted_by: 'os:admin' }]);
  });

  it('says which password rule failed', async () => {
    expect((await rejection(create({ password: 'short' }))).message).toContain('at least 12');
    expect(
      (await rejection(create({ username: 'LongUsername', password: 'longusername' }))).message,
    ).toContain('username');
    expect(findUserByUsername(h.db, 'alice')).toBeUndefined();
  });

  it('uses the API-token username rules', async () => {
    for (const username of ['', 'has space', 'x'.repeat(65), 'semi;colon']) {
      expect((await rejection(create({ username }))).code).toBe('invalid_request');
    }
    expect(await create({ username: 'first.last@example-1_a' })).toHaveProperty('userId');
  });

  it('refuses an existing username, local or not', async () => {
    await create();
    expect((await rejection(create())).code).toBe('user_exists');
    await createApiToken(h, operator, { username: 'svc' });
    expect((await rejection(create({ username: 'svc' }))).code).toBe('user_exists');
  });

  it('two concurrent creations of one name: exactly one wins', async () => {
    const results = await Promise.allSettled([create(), create()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason.code).toBe('user_exists');
  });
});

describe('administration', () => {
  it('unlockAccount refuses non-local and unknown users', async () => {
    await createApiToken(h, operator, { username: 'svc' });
    expect((await rejection(unlockAccount(h, operator, 'svc'))).code).toBe('user_not_found');
    expect((await rejection(resetMfa(h, operator, 'nobody'))).code).toBe('user_not_found');
  });

  it('resetPassword sets a new password that must follow the rules', async () => {
    await create();
    expect(
      (await rejection(resetPassword(h, operator, { username: 'alice', newPassword: 'Alice' }))).code,
    ).toBe('password_rejected');
    await resetPassword(h, operator, { username: 'alice', newPassword: 'a brand new passphrase' });
    const ok = await localLogin(h, { username: 'alice', password: 'a brand new passphrase', ip: '10.0.0.1' });
    expect(ok.status).toBe('ok');
  });

  it('changePassword needs the current password', async () => {
    const { userId } = await create();
    const wrong = await rejection(
      changePassword(h, { userId, currentPassword: 'not my password', newPassword: 'another passphrase' }),
    );
    expect(wrong.code).toBe('invalid_credentials');
    await changePassword(h, { userId, currentPassword: PASSWORD, newPassword: 'another passphrase' });
    const err = await rejection(localLogin(h, { username: 'alice', password: PASSWORD, ip: '10.0.0.1' }));
    expect(err.code).toBe('invalid_credentials');
    h.clock.advance(1_000);
    const ok = await localLogin(h, { username: 'alice', password: 'another passphrase', ip: '10.0.0.2' });
    expect(ok.status).toBe('ok');
  });
});
