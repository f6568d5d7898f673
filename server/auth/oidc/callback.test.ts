import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { oidcSettingsFor, startTestProvider, type TestProvider } from '../../test-support/oidcProvider.js';
import { OidcClient, OidcProtocolError } from './index.js';

// Hostile or broken callbacks: each must end in `oidc_callback_invalid`, for the right reason.
// The callback URL is attacker-controlled; these are the edits an attacker (or a bug) makes.

let provider: TestProvider;
let client: OidcClient;
beforeAll(async () => {
  provider = await startTestProvider();
  client = await OidcClient.discover(oidcSettingsFor(provider), {
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(() => provider?.close());

/** A real login up to the redirect back to Parley. */
async function realCallback() {
  const { url, pending } = client.startLogin();
  return { callback: await provider.login(url, 'nurse-1'), pending };
}

/** Asserts the AppError code and returns the sanitized protocol error behind it. */
async function rejected(promise: Promise<unknown>): Promise<OidcProtocolError | undefined> {
  const err = await promise.then(
    () => expect.fail('finishLogin accepted the callback'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('oidc_callback_invalid');
  const cause = (err as AppError).cause;
  return cause instanceof OidcProtocolError ? cause : undefined;
}

describe('OidcClient.finishLogin rejects', () => {
  it('a wrong state (callback from another login, i.e. login CSRF)', async () => {
    const { callback, pending } = await realCallback();
    const cause = await rejected(
      client.finishLogin(callback, { ...pending, state: 'state-of-another-login' }),
    );
    expect(cause?.message).toMatch(/"state" response parameter/);
  });

  it('a callback whose state parameter was removed', async () => {
    const { callback, pending } = await realCallback();
    callback.searchParams.delete('state');
    const cause = await rejected(client.finishLogin(callback, pending));
    expect(cause?.message).toMatch(/"state"/);
  });

  it('a callback with no login in progress (no pending state, nonce or PKCE verifier)', async () => {
    const { callback } = await realCallback();
    const err = await client.finishLogin(callback, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('oidc_callback_invalid');
    expect((err as AppError).message).toMatch(/no login in progress/);
  });

  it('a wrong PKCE code_verifier (the IdP refuses the code exchange)', async () => {
    const { callback, pending } = await realCallback();
    const wrong = { ...pending, codeVerifier: 'A'.repeat(43) };
    const cause = await rejected(client.finishLogin(callback, wrong));
    expect(cause?.oauthError).toBe('invalid_grant');
    expect(provider.grantErrors.at(-1)).toBe('code_verifier does not match code_challenge');
  });

  it('a replayed authorization code (second finishLogin with the same callback)', async () => {
    const { callback, pending } = await realCallback();
    await client.finishLogin(callback, pending);
    const cause = await rejected(client.finishLogin(callback, pending));
    expect(cause?.oauthError).toBe('invalid_grant');
    expect(cause?.status).toBe(400);
    expect(provider.grantErrors.at(-1)).toBe('authorization code already consumed');
  });

  it('a nonce mismatch (ID token issued for another login)', async () => {
    const { callback, pending } = await realCallback();
    const cause = await rejected(
      client.finishLogin(callback, { ...pending, nonce: 'nonce-of-another-login' }),
    );
    expect(cause?.message).toMatch(/"nonce"/);
    expect(cause?.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
  });

  it('an error response from the IdP (the user cancelled: error=access_denied)', async () => {
    const { url, pending } = client.startLogin();
    const callback = await provider.deny(url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const cause = await rejected(client.finishLogin(callback, pending));
    expect(cause?.oauthError).toBe('access_denied');
    expect(cause?.code).toBe('OAUTH_AUTHORIZATION_RESPONSE_ERROR');
  });

  it('a callback naming another issuer in `iss` (RFC 9207 mix-up defence)', async () => {
    const { callback, pending } = await realCallback();
    callback.searchParams.set('iss', 'https://idp.attacker.test');
    const cause = await rejected(client.finishLogin(callback, pending));
    expect(cause?.message).toMatch(/"iss"/);
  });

  it('uses only the query of the callback URL, never its host (Host headers lie)', async () => {
    const { callback, pending } = await realCallback();
    const spoofed = new URL(`https://parley.attacker.test/somewhere${callback.search}`);
    const identity = await client.finishLogin(spoofed, pending);
    expect(identity.subject).toBe('nurse-1');
  });
});
