import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { oidcSettingsFor, startTestProvider, type TestProvider } from '../../test-support/oidcProvider.js';
import { OidcClient, type OidcFetch, OidcProtocolError } from './index.js';

// A hostile or broken IdP answer: the token endpoint's ID token is rewritten in flight
// (unsafeTestFetch) after a real login. Forged tokens are signed with the provider's own key
// unless the case is about the signature, so each fails for exactly one reason, with all of
// openid-client's checks on.

type Jwt = { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string };
type Rewrite = (jwt: Jwt, p: TestProvider) => string;

const logger = pino({ level: 'silent' });
let provider: TestProvider;
let client: OidcClient;
let rewrite: Rewrite | undefined;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const decode = (part = '') => JSON.parse(Buffer.from(part, 'base64url').toString());
const parse = (jwt: string): Jwt => {
  const [h, p, signature = ''] = jwt.split('.');
  return { header: decode(h), payload: decode(p), signature };
};
/** RS256 over header.payload with `key`. */
const signed = (header: object, payload: object, key: KeyObject) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
};
const resigned = (jwt: Jwt, p: TestProvider, claims: object) =>
  signed(jwt.header, { ...jwt.payload, ...claims }, p.signingKey);

/** Passes every request through, replacing the token response's id_token when a rewrite is set. */
const hostileFetch: OidcFetch = async (url, options) => {
  const res = await fetch(url, options);
  if (!rewrite || new URL(url).pathname !== '/token' || !res.ok) return res;
  const body = await res.json();
  body.id_token = rewrite(parse(body.id_token), provider);
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};

beforeAll(async () => {
  provider = await startTestProvider();
  client = await OidcClient.discover(oidcSettingsFor(provider), {
    clock: systemClock,
    logger,
    unsafeTestFetch: hostileFetch,
  });
});
afterAll(() => provider?.close());

/** Logs in for real with `rewrite` in place and returns the protocol error behind the rejection. */
async function rejectedWith(r: Rewrite, c = client): Promise<OidcProtocolError> {
  rewrite = r;
  try {
    const { url, pending } = c.startLogin();
    const err = await c.finishLogin(await provider.login(url, 'nurse-1'), pending).then(
      () => expect.fail('finishLogin accepted the ID token'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('oidc_callback_invalid');
    expect((err as AppError).cause).toBeInstanceOf(OidcProtocolError);
    return (err as AppError).cause as OidcProtocolError;
  } finally {
    rewrite = undefined;
  }
}

describe('OidcClient.finishLogin validates the ID token', () => {
  it('accepts an unmodified token through the same hook (the hook itself breaks nothing)', async () => {
    rewrite = (jwt, p) => resigned(jwt, p, {});
    const { url, pending } = client.startLogin();
    const identity = await client.finishLogin(await provider.login(url, 'nurse-1'), pending);
    rewrite = undefined;
    expect(identity.subject).toBe('nurse-1');
  });

  it('rejects a token from another issuer (iss changed, validly signed)', async () => {
    const cause = await rejectedWith((jwt, p) => resigned(jwt, p, { iss: 'https://idp.attacker.test' }));
    expect(cause.message).toMatch(/"iss" \(issuer\)/);
  });

  it('rejects a token for another client (aud changed, validly signed)', async () => {
    const cause = await rejectedWith((jwt, p) => resigned(jwt, p, { aud: 'some-other-app' }));
    expect(cause.message).toMatch(/"aud" \(audience\)/);
  });

  it('rejects an expired token (exp an hour ago, validly signed)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cause = await rejectedWith((jwt, p) => resigned(jwt, p, { iat: now - 7200, exp: now - 3600 }));
    expect(cause.code).toBe('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
    expect(cause.message).toMatch(/"exp" \(expiration time\) claim value, expiration is past/);
  });

  it('rejects a genuine token that has expired by the injected clock', async () => {
    // The IdP issues 10-minute ID tokens; Parley's clock says it is two hours later.
    const late = new ManualClock(Date.now() + 2 * 3_600_000);
    const lateClient = await OidcClient.discover(oidcSettingsFor(provider), { clock: late, logger });
    const cause = await rejectedWith(
      (jwt) => `${b64(jwt.header)}.${b64(jwt.payload)}.${jwt.signature}`,
      lateClient,
    );
    expect(cause.message).toMatch(/"exp" \(expiration time\) claim value, expiration is past/);
  });

  it('rejects a tampered payload (sub changed, original signature kept)', async () => {
    const cause = await rejectedWith(
      (jwt) => `${b64(jwt.header)}.${b64({ ...jwt.payload, sub: 'chief-of-medicine' })}.${jwt.signature}`,
    );
    expect(cause.message).toMatch(/JWT signature verification failed/);
  });

  it('rejects a token signed by a key the IdP does not publish (same kid)', async () => {
    const { privateKey: attackerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cause = await rejectedWith((jwt) => signed(jwt.header, jwt.payload, attackerKey));
    expect(cause.message).toMatch(/JWT signature verification failed/);
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const cause = await rejectedWith((jwt) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(jwt.payload)}.`);
    expect(cause.message).toMatch(/unexpected JWT "alg" header parameter/);
  });
});
