import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { InferenceEngine } from '../inference/engine.js';
import { startTestEngine } from '../test-support/engine.js';
import { embedInBackground } from './embedBatches.js';

// Issue 7: ingestion must not make chat latency collapse. Background embedding waits for
// running chats (a leased chat sequence), at most yieldToChatMs on the injected clock.

const clock = new ManualClock();
let engine: InferenceEngine;
beforeAll(async () => {
  engine = await startTestEngine({ clock, queueTimeoutMs: 600_000 });
});
afterAll(async () => {
  await engine?.close();
});

/** A promise and whether it has settled yet. */
function tracked<T>(p: Promise<T>): { job: Promise<T>; done: () => boolean } {
  let settled = false;
  const job = p.finally(() => {
    settled = true;
  });
  return { job, done: () => settled };
}

/** Lets pending promise callbacks and native completions run (no clock involved). */
const settle = () => new Promise<void>((r) => setTimeout(r, 50));

describe('embedInBackground', () => {
  it('embeds nothing while a chat generates, and resumes when it ends', async () => {
    const chat = await engine.chat.scheduler.acquire();
    const { job, done } = tracked(
      embedInBackground(
        { engine, yieldToChatMs: 60_000 },
        engine.embedding,
        ['The nurse checks the chart.', 'Visitors are welcome.'],
        AbortSignal.timeout(60_000),
      ),
    );
    await settle();
    expect(done()).toBe(false);
    expect(engine.embedding.scheduler.inUse).toBe(0); // not even holding the embedding context
    chat.release();
    const vectors = await job;
    expect(vectors).toHaveLength(2);
    expect(vectors?.[0]).toHaveLength(engine.embedding.model.embeddingVectorSize);
  });

  it('goes ahead one chunk per yieldToChatMs under endless chats: slowed, never starved', async () => {
    const chat = await engine.chat.scheduler.acquire();
    const { job, done } = tracked(
      embedInBackground(
        { engine, yieldToChatMs: 2_000 },
        engine.embedding,
        ['one', 'two'],
        AbortSignal.timeout(60_000),
      ),
    );
    await settle();
    expect(done()).toBe(false);
    clock.advance(2_000); // the first chunk's wait ends: it is embedded, the second waits
    await settle();
    expect(done()).toBe(false);
    clock.advance(2_000); // the second's wait ends
    expect(await job).toHaveLength(2);
    chat.release();
  });

  it('lets concurrent jobs take turns: one background chunk at a time in the process', async () => {
    const chat = await engine.chat.scheduler.acquire();
    const bg = { engine, yieldToChatMs: 60_000 };
    const signal = AbortSignal.timeout(60_000);
    const jobs = [
      embedInBackground(bg, engine.embedding, ['first job'], signal),
      embedInBackground(bg, engine.embedding, ['second job'], signal),
    ];
    await settle();
    // One job waits for the chat inside the lane; the other waits for the lane itself, so a
    // chat starting later queues behind at most one chunk, not one per job.
    expect(engine.backgroundLane.inUse).toBe(1);
    expect(engine.backgroundLane.queueDepth).toBe(1);
    chat.release();
    expect((await Promise.all(jobs)).map((v) => v?.length)).toEqual([1, 1]);
    expect(engine.backgroundLane.idle).toBe(true);
  });

  it('stops when beforeBatch says the document is gone', async () => {
    const vectors = await embedInBackground(
      { engine, yieldToChatMs: 0 },
      engine.embedding,
      ['a'],
      AbortSignal.timeout(60_000),
      () => false,
    );
    expect(vectors).toBeUndefined();
  });
});
