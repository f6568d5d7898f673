import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../checkpoint.js';
import { subtreeRoot } from '../merkle.js';
import { consistencyProof, inclusionProof } from '../proofs.js';
import { verifyConsistency, verifyInclusion } from '../verify.js';
import { type AuditStore, openAuditStore } from './store.js';
import { MIN_CACHED_LEVEL } from './subtrees.js';
import { ORIGIN, signer, tempDir, verifier } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A store of `n` entries appended in batches of `batch` (so subtrees complete across batches). */
async function filled(n: number, batch = 7): Promise<{ file: string; store: AuditStore; leaves: Buffer[] }> {
  const file = tmp.path('log.db');
  const store = openAuditStore(file);
  for (let done = 0; done < n; done += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - done) }, (_, i) => store.append({ i: done + i })),
    );
  }
  const leaves = Array.from({ length: n }, (_, i) => store.leafHashAt(i));
  return { file, store, leaves };
}

/** Every (level, idx, hash) the cache must hold for `leaves`, from the RFC 6962 definition. */
function expectedRows(leaves: Buffer[]): [number, number, string][] {
  const rows: [number, number, string][] = [];
  for (let level = MIN_CACHED_LEVEL; 2 ** level <= leaves.length; level++) {
    const span = 2 ** level;
    for (let idx = 0; (idx + 1) * span <= leaves.length; idx++) {
      rows.push([
        level,
        idx,
        subtreeRoot((i) => leaves[i] as Buffer, idx * span, (idx + 1) * span).toString('hex'),
      ]);
    }
  }
  return rows;
}

function cacheRows(file: string): [number, number, string][] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare('SELECT level, idx, lower(hex(hash)) FROM subtrees ORDER BY level, idx')
    .raw()
    .all();
  db.close();
  return rows as [number, number, string][];
}

function raw(file: string, sql: string, ...args: unknown[]): void {
  const db = new Database(file);
  db.prepare(sql).run(...args);
  db.close();
}

describe('audit store: the proof cache', () => {
  let small: Awaited<ReturnType<typeof filled>>;
  beforeAll(async () => {
    small = await filled(70);
  });
  afterAll(() => small.store.close());

  it('holds exactly the complete subtrees of level >= MIN_CACHED_LEVEL', () => {
    expect(cacheRows(small.file)).toEqual(expectedRows(small.leaves));
  });

  it('gives the same proofs as the pure functions for every (index, size) and (m, n) up to 70', () => {
    const leaf = (i: number) => small.leaves[i] as Buffer;
    for (let size = 1; size <= 70; size++) {
      for (let index = 0; index < size; index++) {
        expect(small.store.inclusionProof(index, size), `${index}/${size}`).toEqual(
          inclusionProof(leaf, index, size),
        );
      }
      for (let m = 0; m <= size; m++) {
        expect(small.store.consistencyProof(m, size), `${m}->${size}`).toEqual(
          consistencyProof(leaf, m, size),
        );
      }
    }
  });

  it('gives the same proofs as the pure functions at random points of a larger log', async () => {
    const { store, leaves } = await filled(3000, 500);
    const leaf = (i: number) => leaves[i] as Buffer;
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 60; k++) {
      const size = 1 + rnd(3000);
      const index = rnd(size);
      const m = rnd(size + 1);
      expect(store.inclusionProof(index, size)).toEqual(inclusionProof(leaf, index, size));
      expect(store.consistencyProof(m, size)).toEqual(consistencyProof(leaf, m, size));
    }
    expect(store.inclusionProof(2999)).toEqual(inclusionProof(leaf, 2999, 3000));
    store.close();
  });

  it('refuses sizes past the stored log and indices past the size', () => {
    expect(() => small.store.inclusionProof(3, 71)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => small.store.consistencyProof(3, 71)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => small.store.inclusionProof(70, 70)).toThrow(expect.objectContaining({ code: 'BAD_INDEX' }));
    expect(() => small.store.consistencyProof(9, 8)).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
  });
});

describe('audit store: a damaged proof cache', () => {
  it('serves a proof that fails verification, and verifyIntegrity names the row', async () => {
    const { file, store, leaves } = await filled(100, 30);
    const root = store.root();
    // Subtree (4, 2) covers leaves 32..47: it is a sibling on the path of leaf 50.
    raw(file, 'UPDATE subtrees SET hash = ? WHERE level = 4 AND idx = 2', Buffer.alloc(32, 1));
    const proof = store.inclusionProof(50);
    expect(() => verifyInclusion(50, 100, leaves[50] as Buffer, proof, root)).toThrow(
      expect.objectContaining({ code: 'INCLUSION_PROOF_INVALID' }),
    );
    // Proofs that do not use the row still verify.
    verifyInclusion(10, 100, leaves[10] as Buffer, store.inclusionProof(10), root);
    expect(store.verifyIntegrity()).toMatchObject({ ok: false, reason: 'CACHE_MISMATCH', firstBadSeq: 32 });
    store.rebuildProofCache();
    verifyInclusion(50, 100, leaves[50] as Buffer, store.inclusionProof(50), root);
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 100 });
    store.close();
  });

  it('recomputes a missing row, and verifyIntegrity reports missing and superfluous rows', async () => {
    const { file, store, leaves } = await filled(100, 30);
    raw(file, 'DELETE FROM subtrees WHERE level = 5 AND idx = 1');
    verifyInclusion(20, 100, leaves[20] as Buffer, store.inclusionProof(20), store.root());
    expect(store.verifyIntegrity()).toMatchObject({ ok: false, reason: 'CACHE_MISMATCH', firstBadSeq: 32 });
    store.rebuildProofCache();
    raw(file, 'INSERT INTO subtrees VALUES (4, 6, ?)', Buffer.alloc(32)); // leaves 96..111: not all there
    expect(store.verifyIntegrity()).toMatchObject({ ok: false, reason: 'CACHE_MISMATCH', firstBadSeq: 96 });
    store.close();
  });

  it('reports entry tampering first, and the cache only when the entries hold', async () => {
    const { file, store } = await filled(40, 40);
    raw(file, 'UPDATE subtrees SET hash = ? WHERE level = 4 AND idx = 0', Buffer.alloc(32, 2));
    const evil = new Database(file);
    evil.exec('DROP TRIGGER entries_no_update');
    evil.prepare('UPDATE entries SET leaf_hash = ? WHERE seq = 30').run(Buffer.alloc(32, 3));
    evil.close();
    expect(store.verifyIntegrity()).toMatchObject({ ok: false, reason: 'LEAF_MISMATCH', firstBadSeq: 30 });
    store.close();
  });

  it('still checkpoints when the cache lies: the leaves decide', async () => {
    const { file, store } = await filled(40, 40);
    store.checkpoint(signer);
    for (let i = 0; i < 30; i++) await store.append({ more: i });
    // (5, 0) covers leaves 0..31, a node of the consistency proof from 40 to 70.
    raw(file, 'UPDATE subtrees SET hash = ? WHERE level = 5 AND idx = 0', Buffer.alloc(32, 4));
    const cp = openCheckpoint(store.checkpoint(signer), verifier, ORIGIN);
    expect(cp).toMatchObject({ size: 70, rootHash: store.root() });
    expect((await store.append({ after: true })).seq).toBe(70);
    store.close();
  });
});

describe('audit store: schema v2 migration', () => {
  it('backfills the cache of a version 1 file on open', async () => {
    const { file, store, leaves } = await filled(300, 100);
    const root = store.root();
    store.close();
    const db = new Database(file);
    db.exec('DROP TABLE subtrees; UPDATE audit_schema SET version = 1');
    db.close();
    const again = openAuditStore(file);
    expect(cacheRows(file)).toEqual(expectedRows(leaves));
    verifyInclusion(123, 300, leaves[123] as Buffer, again.inclusionProof(123), root);
    verifyConsistency(77, 300, treeOf(leaves, 77), root, again.consistencyProof(77));
    expect(again.verifyIntegrity()).toMatchObject({ ok: true, size: 300 });
    again.close();
  });

  it('refuses a file from a newer schema', async () => {
    const file = tmp.path('newer.db');
    openAuditStore(file).close();
    raw(file, 'UPDATE audit_schema SET version = 99');
    expect(() => openAuditStore(file)).toThrow(expect.objectContaining({ code: 'BAD_SCHEMA' }));
  });
});

function treeOf(leaves: Buffer[], n: number): Buffer {
  return subtreeRoot((i) => leaves[i] as Buffer, 0, n);
}
