import { afterAll, describe, expect, it } from 'vitest';
import { hashLeaf, treeRoot } from '../merkle.js';
import { verifyConsistency, verifyInclusion } from '../verify.js';
import { GENESIS_PREV } from './entry.js';
import { openAuditStore } from './store.js';
import { fixedClock, rejectionCode, tempDir } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('audit store: appends and reads', () => {
  it('assigns seq, ts, v and prev, and stores the exact canonical bytes', async () => {
    const store = openAuditStore(tmp.path('a.db'), { clock: fixedClock() });
    const a = await store.append({ action: 'login', actor: 'user:1' });
    const b = await store.append({ v: 2, action: 'logout', actor: 'user:1' });
    expect([a.seq, b.seq]).toEqual([0, 1]);
    const e0 = store.get(0);
    expect(e0?.body.toString()).toBe(
      `{"action":"login","actor":"user:1","prev":"${GENESIS_PREV}","seq":0,"ts":"2026-01-02T03:04:05.678Z","v":1}`,
    );
    expect(e0?.ts).toBe('2026-01-02T03:04:05.678Z');
    expect(e0?.leafHash).toEqual(hashLeaf(e0?.body ?? Buffer.alloc(0)));
    expect(a.leafHash).toEqual(e0?.leafHash);
    const e1 = JSON.parse(store.get(1)?.body.toString() ?? '{}');
    expect(e1).toMatchObject({
      v: 2,
      seq: 1,
      prev: a.leafHash.toString('hex'),
      ts: '2026-01-02T03:04:05.679Z',
    });
    expect(store.get(2)).toBeUndefined();
    store.close();
  });

  it('serves size, root, ranges and verifiable proofs', async () => {
    const store = openAuditStore(tmp.path('b.db'));
    for (let i = 0; i < 1200; i++) void store.append({ i });
    await store.append({ i: 1200 });
    expect(store.size()).toBe(1201);
    expect(store.root()).toEqual(treeRoot((i) => store.leafHashAt(i), 1201));
    const seqs = [...store.range(5, 1100)].map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 1095 }, (_, i) => i + 5));
    expect([...store.range(1199, 5000)].map((e) => e.seq)).toEqual([1199, 1200]);
    for (const i of [0, 7, 1024, 1200]) {
      verifyInclusion(i, 1201, store.leafHashAt(i), store.inclusionProof(i), store.root());
    }
    const old = treeRoot((i) => store.leafHashAt(i), 700);
    verifyConsistency(700, 1201, old, store.root(), store.consistencyProof(700));
    expect(() => store.leafHashAt(1201)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => store.inclusionProof(1201)).toThrow(expect.objectContaining({ code: 'BAD_INDEX' }));
    store.close();
  });

  it('continues seq and the prev chain after reopening', async () => {
    const file = tmp.path('c.db');
    const first = openAuditStore(file);
    const { leafHash } = await first.append({ n: 1 });
    first.close();
    const again = openAuditStore(file);
    expect(again.size()).toBe(1);
    const { seq } = await again.append({ n: 2 });
    expect(seq).toBe(1);
    expect(JSON.parse(again.get(1)?.body.toString() ?? '{}').prev).toBe(leafHash.toString('hex'));
    expect(again.verifyIntegrity()).toMatchObject({ ok: true, size: 2 });
    again.close();
  });

  it('refuses drafts that set store fields, and rejects only the uncanonicalisable entry of a batch', async () => {
    const store = openAuditStore(tmp.path('d.db'));
    expect(() => store.append({ seq: 3 })).toThrow(TypeError);
    expect(() => store.append({ prev: 'x' })).toThrow(TypeError);
    expect(() => store.append([] as unknown as Record<string, unknown>)).toThrow(TypeError);
    const ok1 = store.append({ a: 1 });
    const bad = store.append({ a: 1.5 });
    const ok2 = store.append({ a: 2 });
    expect(await rejectionCode(bad)).toBe('NOT_CANONICAL');
    expect((await ok1).seq).toBe(0);
    expect((await ok2).seq).toBe(1);
    expect(store.stats()).toEqual({ commits: 1, entries: 2 });
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 2 });
    store.close();
  });
});
