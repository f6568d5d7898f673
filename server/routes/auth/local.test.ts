import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { createLocalUser, unlockAccount } from '../../commands/localAccounts.js';
import { postJson } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 4: local (break-glass) sign-in over HTTP, with MFA, lockout and fixation defence.
const clock = new ManualClock(Date.UTC(2026, 10, 27, 9));
let server: TestServer;
const operator = { kind: 'user', userId: 'test-admin', username: 'test-admin', via: 'cli' } as const;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  server = await startTestServer(
    {
      auth: {
        local: {
          // OWASP's floor keeps the suite fast; the stored parameters are asserted elsewhere.
          argon2MemoryKiB: 19_456,
          argon2TimeCost: 2,
          lockAfterFailures: 3,
          backoffBaseMs: 1_000,
          backoffMaxMs: 4_000,
          lockDurationMs: 15 * 60_000,
        },
      },
    },
    { clock },
  );
  const deps = { db: server.deps.db, clock, config: server.deps.config.auth.local, audit: server.deps.audit };
  for (const username of ['breakglass', 'mfa-user', 'lock-me']) {
    await createLocalUser(deps, operator, { username, password: PASSWORD, roles: ['admin'] });
  }
});
afterAll(async () => {
  await server?.stop();
});

const login = (body: Record<string, string>, cookie?: string) =>
  postJson(`${server.url}/auth/local/login`, undefined, body, { headers: cookie ? { cookie } : {} });
const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('parley_session='))
    ?.split(';')[0] ?? '';
/** Waits out any back-off between attempts, on the injected clock. */
const later = () => clock.advance(5_000);

describe('issue 4: local sign-in', () => {
  it('signs in with a password, issuing a fresh session and ending any planted one', async () => {
    const planted = server.session('breakglass');
    const res = await login({ username: 'breakglass', password: PASSWORD }, planted.cookie);
    expect(res.status).toBe(200);
    const body = await res.json();
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/^parley_session=[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toBe(planted.cookie);
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
    expect((await fetch(`${server.url}/auth/session`, { headers: { cookie: planted.cookie } })).status).toBe(
      401,
    );
    const me = await (await fetch(`${server.url}/auth/session`, { headers: { cookie } })).json();
    expect(me.user.username).toBe('breakglass');
    expect(me.csrf_token).toBe(body.csrf_token);
    // The local role assignment applies: admin may read metrics.
    expect((await fetch(`${server.url}/metrics`, { headers: { cookie } })).status).toBe(200);
  });

  it('answers a wrong password and an unknown user identically, with no session', async () => {
    later();
    const wrong = await login({ username: 'breakglass', password: 'not the password!' });
    later();
    const unknown = await login({ username: 'nobody-here', password: 'not the password!' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(sessionCookie(res)).toBe('');
    }
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect({ ...a.error, request_id: 0 }).toEqual({ ...b.error, request_id: 0 });
    expect(a.error.code).toBe('invalid_credentials');
  });

  it('enrols TOTP through the API, then requires the code; recovery codes are single use', async () => {
    later();
    const first = await login({ username: 'mfa-user', password: PASSWORD });
    const cookie = sessionCookie(first);
    const { csrf_token } = await first.json();
    const headers = { cookie, origin: server.url, 'x-csrf-token': csrf_token };
    const enrol = await postJson(`${server.url}/auth/mfa/enroll`, undefined, {}, { headers });
    expect(enrol.status).toBe(200);
    const { otpauth_uri, qr_svg } = await enrol.json();
    expect(otpauth_uri).toMatch(/^otpauth:\/\/totp\/.*period=30/);
    expect(qr_svg).toMatch(/^<svg|<\?xml/);
    const totp = OTPAuth.URI.parse(otpauth_uri) as OTPAuth.TOTP;
    const code = () => totp.generate({ timestamp: clock.now() });
    const confirm = await postJson(
      `${server.url}/auth/mfa/confirm`,
      undefined,
      { code: code() },
      { headers },
    );
    expect(confirm.status).toBe(200);
    const { recovery_codes } = await confirm.json();
    expect(recovery_codes).toHaveLength(10);

    clock.advance(31_000);
    const noCode = await login({ username: 'mfa-user', password: PASSWORD });
    expect(noCode.status).toBe(401);
    expect((await noCode.json()).error.code).toBe('mfa_required');
    const badCode = await login({
      username: 'mfa-user',
      password: PASSWORD,
      totp: code() === '000000' ? '111111' : '000000',
    });
    expect(badCode.status).toBe(401);
    later();
    clock.advance(31_000);
    const good = await login({ username: 'mfa-user', password: PASSWORD, totp: code() });
    expect(good.status).toBe(200);
    // The same code again, in the same step: a replay.
    later();
    expect((await login({ username: 'mfa-user', password: PASSWORD, totp: code() })).status).toBe(401);

    later();
    const recovery = await login({
      username: 'mfa-user',
      password: PASSWORD,
      recovery_code: recovery_codes[0],
    });
    expect(recovery.status).toBe(200);
    later();
    const reused = await login({
      username: 'mfa-user',
      password: PASSWORD,
      recovery_code: recovery_codes[0],
    });
    expect(reused.status).toBe(401);
  });

  it('locks after repeated failures, revealing it only to the right password, until an admin unlocks', async () => {
    for (let i = 0; i < 3; i++) {
      later();
      expect((await login({ username: 'lock-me', password: 'wrong password!!' })).status).toBe(401);
    }
    later();
    const locked = await login({ username: 'lock-me', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.code).toBe('account_locked');
    later();
    expect((await login({ username: 'lock-me', password: 'wrong password!!' })).status).toBe(401);
    await unlockAccount({ db: server.deps.db, audit: server.deps.audit }, operator, 'lock-me');
    later();
    expect((await login({ username: 'lock-me', password: PASSWORD })).status).toBe(200);
  });

  it('refuses to log out from a foreign origin', async () => {
    later();
    const res = await login({ username: 'breakglass', password: PASSWORD });
    const cookie = sessionCookie(res);
    const { csrf_token } = await res.json();
    const foreign = await postJson(
      `${server.url}/auth/logout`,
      undefined,
      {},
      {
        headers: { cookie, origin: 'https://evil.example', 'x-csrf-token': csrf_token },
      },
    );
    expect(foreign.status).toBe(403);
    expect((await fetch(`${server.url}/auth/session`, { headers: { cookie } })).status).toBe(200);
  });
});
