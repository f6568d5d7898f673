import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { AppError } from '../../errors.js';
import { oidcSettingsFor, startTestProvider, type TestProvider } from '../../test-support/oidcProvider.js';
import { backoffDelay, MAX_BACKOFF_MS } from './backoff.js';
import { OidcClient, type OidcFetch, type OidcSettings } from './index.js';

const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A sleep that records the delays asked for and returns at once (no real waiting). */
function recordingSleep(onSleep?: (n: number) => Promise<void>) {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
    await onSleep?.(delays.length);
  };
  return { delays, sleep };
}

/** A fetch that counts requests (to prove when no network call is made). */
function countingFetch() {
  const calls: string[] = [];
  const f: OidcFetch = (url, options) => {
    calls.push(url);
    return fetch(url, options);
  };
  return { calls, f };
}

async function listen(handler: RequestListener, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const { server, port } = await listen(() => undefined);
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function settingsAt(issuer: string, overrides: Partial<OidcSettings> = {}): OidcSettings {
  const fake = { issuer, clientId: 'parley', clientSecret: 's3cret', redirectUri: 'https://parley.test/cb' };
  return oidcSettingsFor(fake, overrides);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => expect.fail('discovery succeeded'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('OidcClient.discover', () => {
  it('retries an unreachable issuer with exponential back-off, then fails naming issuer and cause', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const { delays, sleep } = recordingSleep();
    const { calls, f } = countingFetch();
    const settings = settingsAt(issuer, { discoveryAttempts: 5, discoveryBackoffMs: 100 });
    const err = await failure(
      OidcClient.discover(settings, { clock: systemClock, logger, sleep, unsafeTestFetch: f }),
    );
    expect(err.code).toBe('oidc_unavailable');
    expect(err.message).toContain(issuer);
    expect(err.message).toMatch(/cannot reach .*ECONNREFUSED/);
    expect(calls).toHaveLength(5);
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('succeeds when the IdP comes up on a later attempt', async () => {
    const port = await closedPort();
    const clientSecret = randomBytes(16).toString('hex');
    let provider: TestProvider | undefined;
    const { delays, sleep } = recordingSleep(async (n) => {
      if (n === 2) provider = await startTestProvider({ port, clientSecret });
    });
    cleanups.push(() => provider?.close());
    const settings = oidcSettingsFor(
      {
        issuer: `http://127.0.0.1:${port}`,
        clientId: 'parley',
        clientSecret,
        redirectUri: 'http://127.0.0.1:1/auth/oidc/callback',
      },
      { discoveryAttempts: 8, discoveryBackoffMs: 1000 },
    );
    const client = await OidcClient.discover(settings, { clock: systemClock, logger, sleep });
    expect(delays).toEqual([1000, 2000]);
    // It is a working client, not just a parsed document.
    const { url, pending } = client.startLogin();
    const identity = await client.finishLogin(
      await (provider as TestProvider).login(url, 'nurse-1'),
      pending,
    );
    expect(identity.groups).toEqual(['parley-clinicians']);
  });

  it('retries 5xx answers (a proxy in front of an IdP that is starting)', async () => {
    const { port } = await listen((_req, res) => res.writeHead(503).end());
    const { delays, sleep } = recordingSleep();
    const settings = settingsAt(`http://127.0.0.1:${port}`, { discoveryAttempts: 3, discoveryBackoffMs: 10 });
    const err = await failure(OidcClient.discover(settings, { clock: systemClock, logger, sleep }));
    expect(err.code).toBe('oidc_unavailable');
    expect(delays).toEqual([10, 20]);
  });

  it('rejects metadata naming another issuer at once, without retrying', async () => {
    const { port } = await listen((_req, res) => {
      // Attacker-controlled metadata: a look-alike issuer on another port.
      const body = { issuer: 'http://127.0.0.1:1', authorization_endpoint: 'http://127.0.0.1:1/auth' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    const { delays, sleep } = recordingSleep();
    const settings = settingsAt(`http://127.0.0.1:${port}`, { discoveryAttempts: 8 });
    const err = await failure(OidcClient.discover(settings, { clock: systemClock, logger, sleep }));
    expect(err.code).toBe('oidc_unavailable');
    expect(err.message).toMatch(/invalid discovery metadata from issuer http:\/\/127\.0\.0\.1:\d+/);
    expect(err.message).toMatch(/does not match the expected issuer/);
    expect(delays).toEqual([]);
  });

  it('does not retry a 404 (a wrong issuer URL will not fix itself)', async () => {
    const { port } = await listen((_req, res) => res.writeHead(404).end());
    const { delays, sleep } = recordingSleep();
    const settings = settingsAt(`http://127.0.0.1:${port}`, { discoveryAttempts: 8 });
    expect((await failure(OidcClient.discover(settings, { clock: systemClock, logger, sleep }))).code).toBe(
      'oidc_unavailable',
    );
    expect(delays).toEqual([]);
  });

  it('refuses a plain-HTTP issuer unless allowInsecureIssuer is on, before any request', async () => {
    const { calls, f } = countingFetch();
    const settings = settingsAt('http://idp.hospital.test', { allowInsecureIssuer: false });
    const err = await failure(
      OidcClient.discover(settings, { clock: systemClock, logger, unsafeTestFetch: f }),
    );
    expect(err.code).toBe('oidc_unavailable');
    expect(err.message).toMatch(
      /refusing plain-HTTP issuer http:\/\/idp\.hospital\.test.*allowInsecureIssuer/,
    );
    expect(calls).toEqual([]);
  });

  it('refuses a metadata URL in place of the issuer (it would skip the issuer check)', async () => {
    const settings = settingsAt('https://idp.hospital.test/.well-known/openid-configuration');
    expect((await failure(OidcClient.discover(settings, { clock: systemClock, logger }))).code).toBe(
      'oidc_unavailable',
    );
  });

  it('reports a missing or unreadable credential file as oidc_not_configured', async () => {
    const noFile = settingsAt('https://idp.hospital.test', { clientSecretFile: undefined });
    expect((await failure(OidcClient.discover(noFile, { clock: systemClock, logger }))).code).toBe(
      'oidc_not_configured',
    );
    const gone = settingsAt('https://idp.hospital.test', { clientSecretFile: '/nonexistent/secret' });
    const err = await failure(OidcClient.discover(gone, { clock: systemClock, logger }));
    expect(err.code).toBe('oidc_not_configured');
    expect(err.message).toMatch(/\/nonexistent\/secret \(ENOENT\)/);
    const notAKey = settingsAt('https://idp.hospital.test', { clientAuth: 'private_key_jwt' });
    const keyErr = await failure(
      OidcClient.discover(
        { ...notAKey, privateKeyFile: notAKey.clientSecretFile },
        { clock: systemClock, logger },
      ),
    );
    expect(keyErr.code).toBe('oidc_not_configured');
    expect(keyErr.message).not.toContain('s3cret');
  });

  it('caps the back-off at MAX_BACKOFF_MS', () => {
    expect([1, 2, 3].map((n) => backoffDelay(1000, n))).toEqual([1000, 2000, 4000]);
    expect(backoffDelay(600_000, 2)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(1000, 100)).toBe(MAX_BACKOFF_MS);
  });
});
