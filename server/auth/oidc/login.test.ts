import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { oidcSettingsFor, startTestProvider, type TestProvider } from '../../test-support/oidcProvider.js';
import { OidcClient, type OidcSettings } from './index.js';

// Happy paths against a real OpenID Provider (oidc-provider) on loopback.

const logLines: string[] = [];
const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
const discover = (settings: OidcSettings) => OidcClient.discover(settings, { clock: systemClock, logger });

let provider: TestProvider;
let idInClaimsProvider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider();
  idInClaimsProvider = await startTestProvider({ claimsInIdToken: true });
});
afterAll(async () => {
  await provider?.close();
  await idInClaimsProvider?.close();
});

function idTokenPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());
}

async function loginAs(client: OidcClient, p: TestProvider, account: string) {
  const { url, pending } = client.startLogin();
  const callback = await p.login(url, account);
  return client.finishLogin(callback, pending);
}

describe('OidcClient login (Authorization Code + PKCE)', () => {
  it('asks for code with S256 PKCE, state and nonce, fresh each time', async () => {
    const client = await discover(oidcSettingsFor(provider));
    const a = client.startLogin();
    const b = client.startLogin();
    const url = new URL(a.url);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(provider.redirectUri);
    expect(url.searchParams.get('scope')).toBe('openid profile email groups');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(a.pending.state);
    expect(url.searchParams.get('nonce')).toBe(a.pending.nonce);
    // The verifier itself never leaves Parley; only its hash does.
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(a.url).not.toContain(a.pending.codeVerifier);
    expect(b.pending.state).not.toBe(a.pending.state);
    expect(b.pending.nonce).not.toBe(a.pending.nonce);
    expect(b.pending.codeVerifier).not.toBe(a.pending.codeVerifier);
  });

  it('returns iss + sub, groups and attributes (claims from userinfo)', async () => {
    const client = await discover(oidcSettingsFor(provider));
    const identity = await loginAs(client, provider, 'nurse-1');
    expect(identity).toMatchObject({
      issuer: provider.issuer,
      subject: 'nurse-1',
      preferredUsername: 'nora',
      email: 'nora@hospital.test',
      displayName: 'Nora Nurse',
      groups: ['parley-clinicians'],
      attributes: { department: 'nursing' },
    });
    // This provider conforms to OIDC Core 5.4: the ID token carries no groups, userinfo does.
    expect(idTokenPayload(identity.idToken)).not.toHaveProperty('groups');
  });

  it('reads the claims from the ID token when the IdP puts them there', async () => {
    const client = await discover(oidcSettingsFor(idInClaimsProvider));
    const identity = await loginAs(client, idInClaimsProvider, 'nurse-1');
    expect(identity.groups).toEqual(['parley-clinicians']);
    expect(identity.attributes).toEqual({ department: 'nursing' });
    expect(idTokenPayload(identity.idToken)).toMatchObject({ groups: ['parley-clinicians'] });
  });

  it('gives an account without groups an empty list, not an error', async () => {
    const client = await discover(oidcSettingsFor(provider));
    const identity = await loginAs(client, provider, 'banker-1');
    expect(identity).toMatchObject({ subject: 'banker-1', groups: [], attributes: {} });
  });

  it('authenticates with client_secret_post', async () => {
    const settings = oidcSettingsFor(provider, {
      clientId: provider.postClientId,
      clientAuth: 'client_secret_post',
    });
    const identity = await loginAs(await discover(settings), provider, 'nurse-1');
    expect(identity.subject).toBe('nurse-1');
  });

  it('authenticates with private_key_jwt from a PKCS#8 PEM key file', async () => {
    const settings = oidcSettingsFor(provider, {
      clientId: provider.jwtClientId,
      clientAuth: 'private_key_jwt',
    });
    const identity = await loginAs(await discover(settings), provider, 'nurse-1');
    expect(identity.subject).toBe('nurse-1');
  });

  it('authenticates with private_key_jwt from a JWK key file (its kid is used)', async () => {
    const settings = oidcSettingsFor(provider, {
      clientId: provider.jwtClientId,
      clientAuth: 'private_key_jwt',
    });
    const jwkFile = path.join(path.dirname(settings.clientSecretFile ?? ''), 'client-key.jwk.json');
    writeFileSync(jwkFile, JSON.stringify(provider.jwtClientKeyJwk), { mode: 0o600 });
    const identity = await loginAs(
      await discover({ ...settings, privateKeyFile: jwkFile }),
      provider,
      'nurse-1',
    );
    expect(identity.subject).toBe('nurse-1');
  });

  it('builds an RP-initiated logout URL the IdP accepts', async () => {
    const client = await discover(oidcSettingsFor(provider));
    const identity = await loginAs(client, provider, 'nurse-1');
    const url = new URL(client.endSessionUrl(identity.idToken) ?? '');
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toBe(identity.idToken);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(provider.postLogoutRedirectUri);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    // The provider validates the hint and the registered post-logout URI before showing its page.
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('logout');

    const bare = await discover(oidcSettingsFor(provider, { postLogoutRedirectUri: undefined }));
    expect(new URL(bare.endSessionUrl() ?? '').searchParams.has('post_logout_redirect_uri')).toBe(false);
  });

  it('never writes the client secret or tokens to the log', async () => {
    logLines.length = 0;
    const client = await discover(oidcSettingsFor(provider));
    const identity = await loginAs(client, provider, 'nurse-1');
    const { pending } = client.startLogin();
    await client
      .finishLogin(new URL(`${provider.redirectUri}?code=x&state=y`), pending)
      .catch(() => undefined);
    const log = logLines.join('\n');
    expect(log).toContain('OIDC issuer discovered');
    expect(log).not.toContain(provider.clientSecret);
    expect(log).not.toContain(identity.idToken.split('.')[1]);
  });
});
