import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultAccounts,
  oidcSettingsFor,
  startTestProvider,
  type TestProvider,
} from '../../test-support/oidcProvider.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 4: the whole browserless SSO flow through Parley's HTTP routes, against a real
// OpenID Provider (oidc-provider) on loopback.
let provider: TestProvider;
let server: TestServer;

beforeAll(async () => {
  provider = await startTestProvider({
    accounts: {
      ...defaultAccounts,
      'admin-1': {
        name: 'Ada Admin',
        preferred_username: 'ada',
        groups: ['parley-admins'],
        department: 'it',
      },
    },
  });
  server = await startTestServer({ auth: { oidc: oidcSettingsFor(provider) } });
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

/** A tiny cookie jar: what a browser would send back to Parley. */
function cookiesFrom(res: Response, jar: Map<string, string>): Map<string, string> {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) =>
  [...jar]
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** Starts a login at Parley, signs in at the provider, returns the callback query and the jar. */
async function signInAtProvider(account: string, returnTo = '/') {
  const jar = new Map<string, string>();
  const start = await fetch(`${server.url}/auth/oidc/login?return_to=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  expect(start.status).toBe(302);
  cookiesFrom(start, jar);
  const authorizationUrl = start.headers.get('location') ?? '';
  const url = new URL(authorizationUrl);
  expect(url.origin + url.pathname).toMatch(new RegExp(`^${provider.issuer}`));
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('state')).toBeTruthy();
  expect(url.searchParams.get('nonce')).toBeTruthy();
  const callback = await provider.login(authorizationUrl, account);
  return { jar, query: callback.search };
}

const callbackAt = (query: string, jar: Map<string, string>) =>
  fetch(`${server.url}/auth/oidc/callback${query}`, {
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar) },
  });

describe('issue 4: OIDC sign-in through Parley', () => {
  it('signs a user in, provisions them, and maps IdP groups to roles', async () => {
    const { jar, query } = await signInAtProvider('admin-1', '/welcome');
    const res = await callbackAt(query, jar);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/welcome');
    cookiesFrom(res, jar);
    expect(jar.get('parley_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await (
      await fetch(`${server.url}/auth/session`, { headers: { cookie: cookieHeader(jar) } })
    ).json();
    expect(me.user.username).toBe('idp:ada');
    expect(me.via).toBe('session');
    // parley-admins → admin (policies/rbac.yaml), which may read metrics.
    expect((await fetch(`${server.url}/metrics`, { headers: { cookie: cookieHeader(jar) } })).status).toBe(
      200,
    );
    const row = server.deps.db
      .prepare(
        "SELECT oidc_issuer, oidc_subject, idp_groups, idp_attributes FROM users WHERE username = 'idp:ada'",
      )
      .get() as { oidc_issuer: string; oidc_subject: string; idp_groups: string; idp_attributes: string };
    expect(row.oidc_issuer).toBe(provider.issuer);
    expect(row.oidc_subject).toBe('admin-1');
    expect(JSON.parse(row.idp_groups)).toEqual(['parley-admins']);
    expect(JSON.parse(row.idp_attributes)).toEqual({ department: 'it' });
  });

  it('a user without mapped groups is plain staff', async () => {
    const { jar, query } = await signInAtProvider('banker-1');
    cookiesFrom(await callbackAt(query, jar), jar);
    expect((await fetch(`${server.url}/v1/models`, { headers: { cookie: cookieHeader(jar) } })).status).toBe(
      200,
    );
    expect((await fetch(`${server.url}/metrics`, { headers: { cookie: cookieHeader(jar) } })).status).toBe(
      403,
    );
  });

  it('refuses a callback carried to another browser (no login cookie): no session', async () => {
    const { query } = await signInAtProvider('nurse-1');
    const res = await callbackAt(query, new Map());
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('oidc_callback_invalid');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('parley_session='))).toBe(false);
  });

  it('refuses a replayed callback and a callback with an IdP error', async () => {
    const { jar, query } = await signInAtProvider('nurse-1');
    expect((await callbackAt(query, jar)).status).toBe(303);
    const replay = await callbackAt(query, jar);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error.code).toBe('oidc_callback_invalid');
    const denied = await callbackAt('?error=access_denied&state=whatever', jar);
    expect(denied.status).toBe(400);
  });

  it('refuses an open redirect in return_to', async () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const res = await fetch(`${server.url}/auth/oidc/login?return_to=${encodeURIComponent(bad)}`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
    }
  });

  it('logout ends the session and sends the browser to the IdP to end its session too', async () => {
    const { jar, query } = await signInAtProvider('nurse-1');
    cookiesFrom(await callbackAt(query, jar), jar);
    const me = await (
      await fetch(`${server.url}/auth/session`, { headers: { cookie: cookieHeader(jar) } })
    ).json();
    const res = await fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: cookieHeader(jar), origin: server.url, 'x-csrf-token': me.csrf_token },
    });
    expect(res.status).toBe(200);
    const { logout_url } = await res.json();
    const url = new URL(logout_url);
    expect(url.href.startsWith(provider.issuer)).toBe(true);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(provider.postLogoutRedirectUri);
    expect(
      (await fetch(`${server.url}/auth/session`, { headers: { cookie: cookieHeader(jar) } })).status,
    ).toBe(401);
  });

  it('reports SSO readiness in /readyz', async () => {
    expect((await (await fetch(`${server.url}/readyz`)).json()).oidc).toBe('ready');
  });
});
