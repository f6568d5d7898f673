import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { eventually } from '../test-support/http.js';
import { oidcSettingsFor, startTestProvider, type TestProvider } from '../test-support/oidcProvider.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

// Issue 4: an IdP that is down at start does not crash Parley; SSO comes up once it answers.
let server: TestServer | undefined;
let provider: TestProvider | undefined;
afterAll(async () => {
  await server?.stop();
  await provider?.close();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('issue 4: IdP down at start', () => {
  it('serves without SSO, says why in /readyz, and connects once the IdP is back (injected clock)', async () => {
    const port = await freePort();
    const clock = new ManualClock(Date.now());
    const settings = oidcSettingsFor({
      issuer: `http://127.0.0.1:${port}`,
      clientId: 'parley',
      clientSecret: 'not-used-yet',
      redirectUri: 'http://127.0.0.1:1/auth/oidc/callback',
    });
    server = await startTestServer({ auth: { oidc: { ...settings, discoveryAttempts: 1 } } }, { clock });
    const s = server;
    const ready = await (await fetch(`${s.url}/readyz`)).json();
    expect(ready.status).toBe('ready');
    expect(ready.oidc).toMatch(/127\.0\.0\.1/);
    const login = await fetch(`${s.url}/auth/oidc/login`, { redirect: 'manual' });
    expect(login.status).toBe(503);
    expect((await login.json()).error.code).toBe('oidc_unavailable');

    provider = await startTestProvider({ port, clientSecret: 'not-used-yet' });
    clock.advance(60_000);
    await eventually(async () => (await (await fetch(`${s.url}/readyz`)).json()).oidc === 'ready');
    expect((await fetch(`${s.url}/auth/oidc/login`, { redirect: 'manual' })).status).toBe(302);
  });
});
