import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ inference: { threads: 1, sequences: 3 } });
  token = server.token('ops', { roles: ['admin'] }).token;
});
afterAll(async () => {
  await server?.stop();
});

describe('health, readiness and metrics', () => {
  it('/healthz answers without a token', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz reports the model, threads, sequences and queue', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ready',
      model: 'stories260k',
      model_loaded: true,
      database_writable: true,
      threads: 1,
      sequences_total: 3,
      sequences_in_use: 0,
      queue_depth: 0,
    });
  });

  it('/readyz turns 503 when the database cannot be written', async () => {
    server.deps.db.pragma('query_only = ON');
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).database_writable).toBe(false);
    } finally {
      server.deps.db.pragma('query_only = OFF');
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('/metrics exposes request, token, first-token and queue metrics in Prometheus format', async () => {
    const gen = await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'stories260k',
      messages: [{ role: 'user', content: 'A dog' }],
      max_tokens: 5,
    });
    expect(gen.status).toBe(200);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /parley_http_requests_total\{route="\/v1\/chat\/completions",method="POST",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/parley_http_request_duration_seconds_bucket\{/);
    expect(text).toMatch(/parley_tokens_generated_total\{model="stories260k"\} ([5-9]|\d{2,})/);
    expect(text).toMatch(/parley_time_to_first_token_seconds_count\{model="stories260k"\} [1-9]/);
    expect(text).toMatch(/parley_queue_depth 0/);
    expect(text).toMatch(/parley_inference_threads 1/);
    expect(text).toMatch(/parley_sequences_total 3/);
    // Raw paths with ids never become labels.
    expect(text).not.toMatch(/conv_[0-9a-f]{8}/);
  });

  it('sends security headers and a request id, and no server banner', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('server')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    // A safe inbound id is kept for tracing; a hostile one is replaced.
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-12345678');
    for (const bad of ['<script>alert(1)</script>', 'a'.repeat(500), '{"level":60,"msg":"forged"}']) {
      const hostile = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(hostile.headers.get('x-request-id')).toMatch(/^req_/);
    }
  });
});
