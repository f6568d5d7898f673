import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// oidc-provider ships no type declarations; the little of it used here is typed below.
// @ts-expect-error TS7016: untyped dev dependency, used only by tests
import Provider from 'oidc-provider';
import type { OidcSettings } from '../auth/oidc/index.js';

/** Claims of one test account; `sub` is its id. */
export interface TestAccount {
  name?: string;
  preferred_username?: string;
  email?: string;
  groups?: string[];
  department?: string | string[];
}

/** The default accounts: a nurse who is a clinician, and a banker in no group. */
export const defaultAccounts: Record<string, TestAccount> = {
  'nurse-1': {
    name: 'Nora Nurse',
    preferred_username: 'nora',
    email: 'nora@hospital.test',
    groups: ['parley-clinicians'],
    department: 'nursing',
  },
  'banker-1': { name: 'Ben Banker', preferred_username: 'ben', email: 'ben@bank.test' },
};

export interface TestProviderOptions {
  /** Port to listen on (0: ephemeral); lets a test bring the provider up "late" on a known port. */
  port?: number;
  accounts?: Record<string, TestAccount>;
  /**
   * Put scope claims (groups, department, …) in the ID token too. By default oidc-provider
   * conforms to OIDC Core 5.4 and releases them only at the userinfo endpoint when an access
   * token is issued, which is what most IdPs do for the code flow.
   */
  claimsInIdToken?: boolean;
  /** Fixes the clients' secret (default: random), e.g. to write it before the provider starts. */
  clientSecret?: string;
}

/** A real OpenID Provider (panva/oidc-provider) on 127.0.0.1, with three registered clients. */
export interface TestProvider {
  issuer: string;
  /** The client_secret_basic client. */
  clientId: string;
  clientSecret: string;
  /** The client_secret_post client (same secret). */
  postClientId: string;
  /** The private_key_jwt client and its private key (EC P-256) in both supported forms. */
  jwtClientId: string;
  jwtClientKeyPem: string;
  jwtClientKeyJwk: JsonWebKey & { kid: string };
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** The provider's ID token signing key (RS256), so tests can forge validly signed tokens. */
  signingKey: KeyObject;
  signingKid: string;
  /** Why the provider refused token requests (its `grant.error` details), newest last. */
  grantErrors: string[];
  /** Follows `authorizationUrl` through the dev login and consent forms; returns the callback URL. */
  login(authorizationUrl: string, accountId: string): Promise<URL>;
  /** Follows `authorizationUrl` and aborts at the first interaction (the user clicks "cancel"). */
  deny(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

/** Starts a provider on 127.0.0.1 (plain HTTP: clients need `allowInsecureIssuer`). */
export async function startTestProvider(opts: TestProviderOptions = {}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const redirectUri = 'http://127.0.0.1:1/auth/oidc/callback';
  const postLogoutRedirectUri = 'http://127.0.0.1:1/auth/logged-out';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  const accounts = opts.accounts ?? defaultAccounts;

  const signingKid = 'test-rs256';
  const { privateKey: signingKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwtKid = 'parley-client-es256';
  const jwtPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwtClientKeyJwk = { ...jwtPair.privateKey.export({ format: 'jwk' }), kid: jwtKid };
  const jwtClientKeyPem = jwtPair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  const common = {
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutRedirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: 'parley', client_secret: clientSecret },
      {
        ...common,
        client_id: 'parley-post',
        client_secret: clientSecret,
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        ...common,
        client_id: 'parley-jwt',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...jwtPair.publicKey.export({ format: 'jwk' }), kid: jwtKid, alg: 'ES256' }] },
      },
    ],
    jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid: signingKid, alg: 'RS256', use: 'sig' }] },
    // Which claims each scope releases; `groups` is its own scope, as in Keycloak or Okta.
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'department'],
      email: ['email'],
      groups: ['groups'],
    },
    scopes: ['openid', 'profile', 'email', 'groups'],
    conformIdTokenClaims: !opts.claimsInIdToken,
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Explicit lifetimes (seconds) keep the provider from printing a notice for each default.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });
  server.on('request', provider.callback());
  // The provider hides the detail from clients ("grant request is invalid"); tests want it.
  const grantErrors: string[] = [];
  provider.on('grant.error', (_ctx: unknown, err: { error_detail?: string; message: string }) =>
    grantErrors.push(err.error_detail ?? err.message),
  );

  const stopAt = new URL(redirectUri);
  const isCallback = (u: URL) => u.origin === stopAt.origin && u.pathname === stopAt.pathname;

  async function walk(authorizationUrl: string, step: (html: string, at: URL) => RequestInit | URL) {
    // The provider keeps its interaction state in cookies, so carry them like a browser would.
    const jar = new Map<string, string>();
    let at = new URL(authorizationUrl);
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(at, { ...init, redirect: 'manual', headers: { ...init.headers, cookie } });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        at = new URL(location, at);
        init = {};
        if (isCallback(at)) return at;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`test provider answered ${res.status}: ${html.slice(0, 500)}`);
      const next = step(html, at);
      if (next instanceof URL) {
        at = next;
        init = {};
      } else {
        init = next;
        at = new URL(formAction(html), at);
      }
    }
    throw new Error('test provider: too many hops before the callback');
  }

  return {
    issuer,
    clientId: 'parley',
    clientSecret,
    postClientId: 'parley-post',
    jwtClientId: 'parley-jwt',
    jwtClientKeyPem,
    jwtClientKeyJwk,
    redirectUri,
    postLogoutRedirectUri,
    signingKey,
    signingKid,
    grantErrors,
    login: (authorizationUrl, accountId) =>
      walk(authorizationUrl, (html) => {
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        const form: Record<string, string> | undefined =
          prompt === 'login'
            ? { prompt, login: accountId, password: 'any' }
            : prompt === 'consent'
              ? { prompt }
              : undefined;
        if (!form) throw new Error(`test provider: unexpected page ${html.slice(0, 300)}`);
        return {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        };
      }),
    deny: (authorizationUrl) => walk(authorizationUrl, (_html, at) => new URL(`${at.pathname}/abort`, at)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function formAction(html: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('test provider: no form on the interaction page');
  return action;
}

/**
 * Settings for Parley's OIDC client against `provider`, as `clientAuth` would have them:
 * secrets and keys are written to a fresh temporary directory (mode 0600).
 */
export function oidcSettingsFor(
  provider: Pick<TestProvider, 'issuer' | 'clientId' | 'clientSecret' | 'redirectUri'> &
    Partial<TestProvider>,
  overrides: Partial<OidcSettings> = {},
): OidcSettings {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-oidc-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientAuth: 'client_secret_basic',
    clientSecretFile: write('client-secret', `${provider.clientSecret}\n`),
    ...(provider.jwtClientKeyPem
      ? { privateKeyFile: write('client-key.pem', provider.jwtClientKeyPem) }
      : {}),
    redirectUri: provider.redirectUri,
    ...(provider.postLogoutRedirectUri ? { postLogoutRedirectUri: provider.postLogoutRedirectUri } : {}),
    scopes: ['openid', 'profile', 'email', 'groups'],
    groupsClaim: 'groups',
    attributeClaims: ['department'],
    allowInsecureIssuer: true,
    discoveryAttempts: 1,
    discoveryBackoffMs: 1,
    ...overrides,
  };
}
