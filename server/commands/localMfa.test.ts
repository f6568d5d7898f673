import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  harness,
  operator,
  PASSWORD,
  rejection,
  secretOf,
} from '../auth/local/test-support/fixtures.js';
import { totpCodeAt } from '../auth/local/totp.js';
import { getLocalCredential } from '../storage/localCredentials.js';
import { createLocalUser, resetMfa } from './localAccounts.js';
import { localLogin } from './localLogin.js';
import { beginMfaEnrollment, confirmMfaEnrollment } from './localMfa.js';

let h: Harness;
let userId: string;
let ipCounter = 0;
/** Each attempt from a fresh IP, so only the account's own throttle is in play. */
const login = (over: Partial<Parameters<typeof localLogin>[1]> = {}) =>
  localLogin(h, { username: 'alice', password: PASSWORD, ip: `10.9.0.${ipCounter++}`, ...over });
const fail = (over: Partial<Parameters<typeof localLogin>[1]> = {}) => rejection(login(over));

async function enrol(): Promise<{ secret: Buffer; recoveryCodes: string[] }> {
  const { otpauthUri } = await beginMfaEnrollment(h, userId);
  const secret = secretOf(otpauthUri);
  const { recoveryCodes } = await confirmMfaEnrollment(h, userId, totpCodeAt(secret, h.clock.now()));
  h.clock.advance(30_000); // the confirmation code's step is spent
  return { secret, recoveryCodes };
}

beforeEach(async () => {
  h = harness();
  userId = (await createLocalUser(h, operator, { username: 'alice', password: PASSWORD, roles: [] })).userId;
});
afterEach(() => h.db.close());

describe('MFA enrolment', () => {
  it('stores the secret sealed and pending until a valid code confirms it', async () => {
    const { otpauthUri, qrSvg, qrTerminal } = await beginMfaEnrollment(h, userId);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Parley:alice\?/);
    expect(qrSvg).toContain('<svg');
    expect(qrTerminal.length).toBeGreaterThan(100);
    const secret = secretOf(otpauthUri);
    const row = getLocalCredential(h.db, userId);
    expect(row?.totp_pending_enc).toMatch(/^v1\./);
    expect(row?.mfa_enabled_at).toBeNull();
    const b32 = new URL(otpauthUri).searchParams.get('secret') as string;
    expect(JSON.stringify(row)).not.toContain(b32);
    // Pending is not active: sign-in still works with the password alone.
    expect(await login()).toMatchObject({ status: 'ok' });

    const wrong = await rejection(confirmMfaEnrollment(h, userId, '000000'));
    expect(wrong.code).toBe('invalid_credentials');
    const { recoveryCodes } = await confirmMfaEnrollment(h, userId, totpCodeAt(secret, h.clock.now()));
    expect(recoveryCodes).toHaveLength(10);
    expect(getLocalCredential(h.db, userId)).toMatchObject({
      totp_pending_enc: null,
      mfa_enabled_at: h.clock.now(),
    });
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({ action: 'auth.mfa.enrolled', object: { type: 'user', id: userId } }),
    );
    const stored = h.db.prepare('SELECT code_hash FROM recovery_codes').all() as { code_hash: string }[];
    expect(stored.map((r) => r.code_hash).join()).not.toContain(recoveryCodes[0]?.replace(/-/g, ''));
  });

  it('a new enrolment replaces the pending secret; the old one no longer confirms', async () => {
    const first = secretOf((await beginMfaEnrollment(h, userId)).otpauthUri);
    await beginMfaEnrollment(h, userId);
    expect((await rejection(confirmMfaEnrollment(h, userId, totpCodeAt(first, h.clock.now())))).code).toBe(
      'invalid_credentials',
    );
    expect((await rejection(confirmMfaEnrollment(h, userId, '123456'))).code).toBe('invalid_credentials');
  });

  it('refuses confirmation without a pending enrolment, and unknown users', async () => {
    expect((await rejection(confirmMfaEnrollment(h, userId, '123456'))).code).toBe('invalid_request');
    expect((await rejection(beginMfaEnrollment(h, 'nobody'))).code).toBe('user_not_found');
  });
});

describe('localLogin with MFA', () => {
  it('asks for a second factor, then accepts a valid TOTP code', async () => {
    const { secret } = await enrol();
    expect((await fail()).code).toBe('mfa_required');
    // mfa_required is not a failure: the follow-up with the code is not backed off.
    expect(await login({ totp: totpCodeAt(secret, h.clock.now()) })).toEqual({ status: 'ok', userId });
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({ action: 'auth.login.succeeded', reason: 'totp' }),
    );
  });

  it('rejects a wrong code as a failed attempt', async () => {
    await enrol();
    const err = await fail({ totp: '000000' });
    expect(err.code).toBe('invalid_credentials');
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({ action: 'auth.login.failed', reason: 'bad_totp' }),
    );
    expect((await fail({ totp: '000000' })).details.retryAfterSeconds).toBe(1);
  });

  it('rejects a code replayed within its window', async () => {
    const { secret } = await enrol();
    const code = totpCodeAt(secret, h.clock.now());
    expect(await login({ totp: code })).toMatchObject({ status: 'ok' });
    h.clock.advance(5_000);
    expect((await fail({ totp: code })).code).toBe('invalid_credentials');
  });

  it('rejects the enrolment confirmation code when replayed for sign-in', async () => {
    const { otpauthUri } = await beginMfaEnrollment(h, userId);
    const code = totpCodeAt(secretOf(otpauthUri), h.clock.now());
    confirmMfaEnrollment(h, userId, code);
    expect((await fail({ totp: code })).code).toBe('invalid_credentials');
  });

  it('accepts codes one step off either way and rejects two steps off', async () => {
    const { secret } = await enrol();
    h.clock.advance(5 * 30_000); // far past the enrolment step, so only the window can refuse
    for (const k of [-2, 2]) {
      const err = await fail({ totp: totpCodeAt(secret, h.clock.now() + k * 30_000) });
      expect(err.code).toBe('invalid_credentials');
      h.clock.advance(8_000); // wait out the back-off
    }
    h.clock.advance(60_000 - (h.clock.now() % 30_000)); // to a step boundary, steps not yet used
    expect(await login({ totp: totpCodeAt(secret, h.clock.now() - 30_000) })).toMatchObject({ status: 'ok' });
    h.clock.advance(60_000);
    expect(await login({ totp: totpCodeAt(secret, h.clock.now() + 30_000) })).toMatchObject({ status: 'ok' });
  });

  it('accepts each recovery code once', async () => {
    const { recoveryCodes } = await enrol();
    const code = recoveryCodes[3] as string;
    expect(await login({ recoveryCode: code.toUpperCase() })).toMatchObject({ status: 'ok' });
    expect(h.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'auth.recovery_code.used',
        object: { type: 'user', id: userId },
        details: { remaining_count: 9 },
      }),
    );
    const reused = await fail({ recoveryCode: code });
    expect(reused.code).toBe('invalid_credentials');
    h.clock.advance(1_000);
    expect((await fail({ recoveryCode: 'aaaa-bbbb-cccc' })).code).toBe('invalid_credentials');
    expect(JSON.stringify(h.audit.events)).not.toContain(code);
  });

  it('re-enrolment voids the old recovery codes; an admin reset turns MFA off', async () => {
    const { recoveryCodes: old } = await enrol();
    const { secret } = await enrol();
    expect((await fail({ recoveryCode: old[0] })).code).toBe('invalid_credentials');
    h.clock.advance(30_000);
    expect(await login({ totp: totpCodeAt(secret, h.clock.now()) })).toMatchObject({ status: 'ok' });
    await resetMfa(h, operator, 'alice');
    expect(await login()).toMatchObject({ status: 'ok' });
  });
});

describe('auth.local.mfaRequired', () => {
  it('lets a user without MFA in only to enrol, then requires the code', async () => {
    h.config = { ...h.config, mfaRequired: true };
    expect(await login()).toEqual({ status: 'mfa_enrollment_required', userId });
    expect((await fail({ password: 'wrong password!' })).code).toBe('invalid_credentials');
    h.clock.advance(1_000);
    const { secret } = await enrol();
    expect((await fail()).code).toBe('mfa_required');
    expect(await login({ totp: totpCodeAt(secret, h.clock.now()) })).toEqual({ status: 'ok', userId });
  });

  it('off: an account without MFA signs in with its password', async () => {
    expect(await login()).toEqual({ status: 'ok', userId });
  });
});
