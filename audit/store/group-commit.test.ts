import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkAppends } from './bench.js';
import { openAuditStore } from './store.js';
import { tempDir } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('audit store: group commit', () => {
  it('gives 200 concurrent appends gap-free, distinct seqs in one transaction', async () => {
    const store = openAuditStore(tmp.path('a.db'));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append({ i })));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // Each caller gets the seq of its own entry.
    for (const [i, r] of results.entries())
      expect(JSON.parse(store.get(r.seq)?.body.toString() ?? '{}').i).toBe(i);
    expect(store.stats()).toEqual({ commits: 1, entries: 200 });
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 200 });
    store.close();
  });

  it('batches writers that re-append as soon as they are acknowledged', async () => {
    const store = openAuditStore(tmp.path('b.db'));
    await Promise.all(
      Array.from({ length: 32 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await store.append({ w, i });
      }),
    );
    expect(store.size()).toBe(320);
    expect(store.stats().commits).toBe(10);
    store.close();
  });

  it('commits sequential appends one by one, and caps batches at maxBatch', async () => {
    const store = openAuditStore(tmp.path('c.db'), { groupCommit: { maxBatch: 16 } });
    for (let i = 0; i < 5; i++) await store.append({ i });
    expect(store.stats().commits).toBe(5);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.append({ i })));
    expect(store.stats()).toEqual({ commits: 8, entries: 45 });
    store.close();
  });

  it('gathers appends from different ticks within windowMs', async () => {
    const store = openAuditStore(tmp.path('d.db'), { groupCommit: { windowMs: 20 } });
    const a = store.append({ a: 1 });
    await new Promise((r) => setImmediate(r));
    const b = store.append({ b: 1 });
    await Promise.all([a, b]);
    expect(store.stats().commits).toBe(1);
    store.close();
  });

  it('commits what is queued when closed', async () => {
    const file = tmp.path('e.db');
    const store = openAuditStore(file);
    const pending = [store.append({ a: 1 }), store.append({ b: 2 })];
    store.close();
    expect((await Promise.all(pending)).map((r) => r.seq)).toEqual([0, 1]);
    const again = openAuditStore(file);
    expect(again.size()).toBe(2);
    again.close();
  });

  it('benchmarks appends', async () => {
    const r = await benchmarkAppends({ writers: 4, appends: 200 });
    expect(r).toMatchObject({ writers: 4, appends: 200 });
    expect(r.perSecond).toBeGreaterThan(0);
  });
});
