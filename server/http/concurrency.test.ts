import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Lease } from '../inference/scheduler.js';
import { eventually, postJson, readSse } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const chat = (maxTokens: number, stream = true) => ({
  model: 'stories260k',
  messages: [{ role: 'user', content: 'Once upon a time' }],
  max_tokens: maxTokens,
  temperature: 0.8,
  stream,
});

const stats = (s: TestServer) => s.deps.engine.stats();

/** Occupies every model sequence directly, so queueing is deterministic rather than a race. */
async function occupyAll(s: TestServer): Promise<Lease<unknown>[]> {
  const scheduler = s.deps.engine.chat.scheduler;
  return Promise.all(Array.from({ length: scheduler.size }, () => scheduler.acquire()));
}

describe('issue 2: concurrency, aborts and limits', () => {
  it('frees sequences when twenty streams are aborted mid-way; the next request completes', async () => {
    server = await startTestServer({ inference: { sequences: 4, queueMax: 32, maxTokensLimit: 450 } });
    const { token } = server.token('alice');
    const s = server;
    const aborted = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const controller = new AbortController();
        const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(450), {
          signal: controller.signal,
        });
        expect(res.status).toBe(200);
        // Read the first token chunk, then hang up.
        await readSse(res, (e) => e.data.includes('"content"'));
        controller.abort();
        return true;
      }),
    );
    expect(aborted).toHaveLength(20);
    await eventually(() => stats(s).sequencesInUse === 0 && stats(s).queueDepth === 0);

    const metrics = await s.deps.metrics.registry.getSingleMetricAsString('parley_generation_aborts_total');
    const abortedCount = Number(/reason="client_closed"} (\d+)/.exec(metrics)?.[1] ?? 0);
    // Most streams are cut while generating (a few may finish their 450 tokens first).
    expect(abortedCount).toBeGreaterThanOrEqual(10);

    const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(16, false));
    expect(res.status).toBe(200);
    expect((await res.json()).usage.completion_tokens).toBe(16);
    expect(stats(s).sequencesInUse).toBe(0);
  });

  it('answers 429 with Retry-After when every sequence is busy and the queue is full', async () => {
    server = await startTestServer({ inference: { sequences: 2, queueMax: 1 } });
    const s = server;
    const { token } = s.token('alice');
    const leases = await occupyAll(s);
    const queued = postJson(`${s.url}/v1/chat/completions`, token, chat(4, false));
    await eventually(() => stats(s).queueDepth === 1);

    const rejected = await postJson(`${s.url}/v1/chat/completions`, token, chat(4, false));
    expect(rejected.status).toBe(429);
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await rejected.json();
    expect(body.error.code).toBe('queue_full');
    expect(body.error.type).toBe('rate_limit_error');

    for (const l of leases) l.release();
    const done = await queued;
    expect(done.status).toBe(200);
    expect((await done.json()).choices[0].finish_reason).toBe('length');
  });

  it('a queued request that waits past queueTimeoutMs gets 503 queue_timeout (injected clock)', async () => {
    const clock = new ManualClock(Date.now());
    server = await startTestServer(
      { inference: { sequences: 1, queueMax: 4, queueTimeoutMs: 30_000 } },
      { clock },
    );
    const s = server;
    const { token } = s.token('alice');
    const leases = await occupyAll(s);
    const waiting = postJson(`${s.url}/v1/chat/completions`, token, chat(4, false));
    await eventually(() => stats(s).queueDepth === 1);
    clock.advance(30_000);
    const res = await waiting;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect((await res.json()).error.code).toBe('queue_timeout');
    expect(stats(s).queueDepth).toBe(0);
    for (const l of leases) l.release();
  });

  it('a generation past requestTimeoutMs is stopped and reported on the stream (injected clock)', async () => {
    const clock = new ManualClock(Date.now());
    server = await startTestServer(
      { inference: { sequences: 1, requestTimeoutMs: 60_000, maxTokensLimit: 450 } },
      { clock },
    );
    const s = server;
    const { token } = s.token('alice');
    const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(450));
    let advanced = false;
    const events = await readSse(res, (e) => {
      if (!advanced && e.data.includes('"content"')) {
        advanced = true;
        clock.advance(60_000);
      }
      return e.data.includes('"error"');
    });
    const last = JSON.parse(events[events.length - 1]?.data ?? '{}');
    expect(last.error.code).toBe('generation_timeout');
    expect(events.some((e) => e.data === '[DONE]')).toBe(false);
    await eventually(() => stats(s).sequencesInUse === 0);
  });

  it('serves several chats at once on one context (all sequences busy together)', async () => {
    server = await startTestServer({ inference: { sequences: 4, queueMax: 8, maxTokensLimit: 450 } });
    const s = server;
    const { token } = s.token('alice');
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(300));
        return readSse(res, (e) => {
          peak = Math.max(peak, stats(s).sequencesInUse);
          return e.data === '[DONE]';
        });
      }),
    );
    for (const events of results) expect(events[events.length - 1]?.data).toBe('[DONE]');
    expect(peak).toBeGreaterThanOrEqual(2);
  });

  it('shuts down gracefully: running streams finish, new requests are refused, the database closes', async () => {
    server = await startTestServer({ inference: { sequences: 2, maxTokensLimit: 450 } });
    const s = server;
    const { token } = s.token('alice');
    const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(200));
    const reading = readSse(res);
    await eventually(() => stats(s).sequencesInUse === 1);
    const closing = s.close(5_000);
    const events = await reading;
    await closing;
    // The stream was allowed to finish within the grace period.
    expect(events[events.length - 1]?.data).toBe('[DONE]');
    expect(s.deps.db.open).toBe(false);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });

  it('aborts streams still running when the shutdown deadline passes', async () => {
    server = await startTestServer({ inference: { sequences: 1, maxTokensLimit: 450 } });
    const s = server;
    const { token } = s.token('alice');
    const res = await postJson(`${s.url}/v1/chat/completions`, token, chat(450));
    const reading = readSse(res);
    await eventually(() => stats(s).sequencesInUse === 1);
    await s.close(0);
    const events = await reading;
    const last = JSON.parse(events[events.length - 1]?.data ?? '{}');
    expect(last.error.code).toBe('shutting_down');
  });
});
