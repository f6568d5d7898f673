import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 4: server-side sessions with idle and absolute timeouts, logout, revocation, CSRF.
const clock = new ManualClock(Date.UTC(2026, 10, 27, 8));
let server: TestServer;
let origin: string;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  origin = server.url;
});
afterAll(async () => {
  await server?.stop();
});

type Session = ReturnType<TestServer['session']>;
const call = (
  path: string,
  s: Session | undefined,
  init: RequestInit & { headers?: Record<string, string> } = {},
) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...(s ? { cookie: s.cookie } : {}), ...init.headers },
  });
const postWith = (path: string, s: Session, headers: Record<string, string>) =>
  call(path, s, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });

describe('issue 4: sessions', () => {
  it('a session cookie authenticates like a token and yields the CSRF token', async () => {
    const s = server.session('nina');
    const res = await call('/auth/session', s);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user.username).toBe('nina');
    expect(body.via).toBe('session');
    expect(body.session_id).toBe(s.publicId);
    expect(body.csrf_token).toBe(s.csrfToken);
    expect((await call('/v1/models', s)).status).toBe(200);
  });

  it('an unknown or malformed cookie value is refused (a planted id is never promoted)', async () => {
    for (const value of ['A'.repeat(43), 'x', "'; DROP TABLE sessions; --"]) {
      const res = await fetch(`${server.url}/auth/session`, {
        headers: { cookie: `parley_session=${value}` },
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('session_expired');
    }
  });

  it('ends after 15 idle minutes, server-side (injected clock)', async () => {
    const s = server.session('ivan');
    clock.advance(14 * 60_000);
    expect((await call('/auth/session', s)).status).toBe(200);
    clock.advance(15 * 60_000);
    const res = await call('/auth/session', s);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('session_expired');
    const row = server.deps.db
      .prepare('SELECT revoked_reason FROM sessions WHERE public_id = ?')
      .get(s.publicId);
    expect(row).toEqual({ revoked_reason: 'idle_timeout' });
  });

  it('ends after 12 hours however active it is (injected clock)', async () => {
    const s = server.session('abby');
    for (let minutes = 0; minutes < 12 * 60 - 10; minutes += 10) {
      clock.advance(10 * 60_000);
      expect((await call('/auth/session', s)).status, `at ${minutes + 10} min`).toBe(200);
    }
    clock.advance(10 * 60_000);
    expect((await call('/auth/session', s)).status).toBe(401);
  });

  it('logout ends the session at once and clears the cookie', async () => {
    const s = server.session('lou');
    const res = await postWith('/auth/logout', s, { origin, 'x-csrf-token': s.csrfToken });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^parley_session=; .*Max-Age=0/);
    expect((await call('/auth/session', s)).status).toBe(401);
  });

  it('refuses cookie-authenticated writes from a foreign origin or without the CSRF token', async () => {
    const s = server.session('cora');
    const cases: [Record<string, string>, number][] = [
      [{}, 403],
      [{ origin: 'https://evil.example' }, 403],
      [{ origin: 'https://evil.example', 'x-csrf-token': s.csrfToken }, 403],
      [{ 'sec-fetch-site': 'cross-site', 'x-csrf-token': s.csrfToken }, 403],
      [{ origin }, 403],
      [{ origin, 'x-csrf-token': 'not-the-token' }, 403],
      [{ origin, 'x-csrf-token': s.csrfToken }, 201],
      [{ 'sec-fetch-site': 'same-origin', 'x-csrf-token': s.csrfToken }, 201],
    ];
    for (const [headers, status] of cases) {
      const res = await postWith('/api/conversations', s, headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 403) expect((await res.json()).error.code).toBe('csrf_failed');
    }
    // Reads are not state-changing: no token needed.
    expect(
      (await call('/api/conversations', s, { headers: { origin: 'https://evil.example' } })).status,
    ).toBe(200);
  });

  it('sets the secure attributes on the cookie name and value', async () => {
    const { sessionCookieName } = await import('../../http/sessionCookie.js');
    const secure = { idleTimeoutMs: 1, absoluteTimeoutMs: 1, insecureCookiesForTesting: false };
    expect(sessionCookieName(secure)).toBe('__Host-parley_session');
  });

  it('an admin lists and revokes sessions; the revoked one ends at once', async () => {
    const victim = server.session('vic');
    const admin = server.token('root', { roles: ['admin'] }).token;
    const auth = { authorization: `Bearer ${admin}` };
    const list = await (await call('/api/sessions?user=vic', undefined, { headers: auth })).json();
    expect(list.data.map((s: { id: string }) => s.id)).toEqual([victim.publicId]);
    expect(JSON.stringify(list)).not.toContain(victim.csrfToken);
    const del = await call(`/api/sessions/${victim.publicId}`, undefined, {
      method: 'DELETE',
      headers: auth,
    });
    expect(del.status).toBe(204);
    expect((await call('/auth/session', victim)).status).toBe(401);
    const again = await call(`/api/sessions/${victim.publicId}`, undefined, {
      method: 'DELETE',
      headers: auth,
    });
    expect(again.status).toBe(404);
    const staff = server.token('pat').token;
    expect(
      (await call('/api/sessions', undefined, { headers: { authorization: `Bearer ${staff}` } })).status,
    ).toBe(403);
  });
});
