import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDocument, axis, openTestDb, reason, TEST_MODEL } from '../retrieval/test-support/index.js';
import { addDocumentVectors, documentChunkTexts } from './chunks.js';
import type { Db } from './db.js';
import { deleteDocument } from './documents.js';
import {
  dropEmbeddingSpace,
  ensureEmbeddingSpace,
  findEmbeddingSpace,
  listEmbeddingSpaces,
  vectorBlob,
} from './vectors.js';
import {
  chooseQuerySpace,
  documentsMissingVectors,
  embeddingCoverage,
  isSpaceComplete,
} from './vectorsCoverage.js';
import { knnBinaryRescored, knnExact } from './vectorsSearch.js';

let db: Db;
beforeEach(() => {
  db = openTestDb();
});
afterEach(() => db.close());

const q = (v: number[]) => vectorBlob({ dimensions: v.length }, v);

describe('embedding spaces', () => {
  it('creates one vec0 table per model and weights, named by an integer id', () => {
    const a = ensureEmbeddingSpace(db, TEST_MODEL, 1);
    expect(ensureEmbeddingSpace(db, TEST_MODEL, 2)).toEqual(a);
    const b = ensureEmbeddingSpace(db, { ...TEST_MODEL, sha256: 'c'.repeat(64) }, 3);
    expect(b.id).not.toBe(a.id);
    expect(a.table).toMatch(/^chunk_vectors_\d+$/);
    expect(a.bitsTable).toMatch(/^chunk_bits_\d+$/);
    const odd = ensureEmbeddingSpace(db, { id: 'odd', sha256: 'd'.repeat(64), dimensions: 12 }, 4);
    expect(odd.binary).toBe(false);
    expect(listEmbeddingSpaces(db).map((s) => s.modelId)).toEqual(['test-embed', 'test-embed', 'odd']);
  });

  it('refuses hostile or inconsistent model references', () => {
    ensureEmbeddingSpace(db, TEST_MODEL, 1);
    expect(reason(() => findEmbeddingSpace(db, { ...TEST_MODEL, dimensions: 16 }))).toBe('invalid_model');
    for (const bad of [
      { ...TEST_MODEL, id: 'x; DROP TABLE chunks; --' },
      { ...TEST_MODEL, id: 'UPPER' },
      { ...TEST_MODEL, sha256: 'z'.repeat(64) },
      { ...TEST_MODEL, dimensions: 0 },
      { ...TEST_MODEL, dimensions: 8.5 },
      { ...TEST_MODEL, dimensions: 100_000 },
    ]) {
      expect(reason(() => ensureEmbeddingSpace(db, bad, 1))).toBe('invalid_model');
    }
    expect(listEmbeddingSpaces(db)).toHaveLength(1);
  });

  it('refuses vectors of the wrong length, non-finite ones and the zero vector', () => {
    const space = { dimensions: 4 };
    expect(vectorBlob(space, [1, 2, 3, 4]).byteLength).toBe(16);
    for (const v of [
      [1, 2, 3],
      [1, 2, 3, 4, 5],
      [Number.NaN, 0, 0, 1],
      [Number.POSITIVE_INFINITY, 0, 0, 0],
      [1e39, 0, 0, 0],
      [0, 0, 0, 0],
    ]) {
      expect(reason(() => vectorBlob(space, v))).toBe('invalid_vector');
    }
  });
});

describe('KNN restricted to collections inside the query', () => {
  it('returns k neighbours from the allowed collection even when another holds all the best ones', () => {
    // hr holds 20 exact matches for the query; handbook only distant vectors.
    addDocument(db, {
      collection: 'hr',
      texts: Array.from({ length: 20 }, (_, i) => `hr ${i}`),
      vectors: Array(20).fill(axis(0)),
    });
    const hb = addDocument(db, {
      collection: 'handbook',
      texts: ['a', 'b', 'c', 'd', 'e'],
      vectors: [axis(1), axis(2), axis(3), axis(4, 8, { j: 0, by: 0.5 }), axis(5)],
    });
    const space = hb.space;
    const exact = knnExact(db, space, q(axis(0)), ['handbook'], 3);
    // Post-filtering the global top 3 would leave nothing; filtering inside gives 3.
    expect(exact).toHaveLength(3);
    expect(exact[0]?.chunkId).toBe(hb.chunkIds[3]);
    expect(exact.every((h) => hb.chunkIds.includes(h.chunkId))).toBe(true);
    const binary = knnBinaryRescored(db, space, q(axis(0)), ['handbook'], 3, 6);
    expect(binary).toHaveLength(3);
    expect(binary.every((h) => hb.chunkIds.includes(h.chunkId))).toBe(true);
    expect(knnExact(db, space, q(axis(0)), [], 3)).toEqual([]);
    expect(knnExact(db, space, q(axis(0)), ['nope'], 3)).toEqual([]);
  });

  it('merges per-collection neighbours into one global top k', () => {
    const a = addDocument(db, { collection: 'a', texts: ['1', '2'], vectors: [axis(0), axis(1)] });
    const b = addDocument(db, {
      collection: 'b',
      texts: ['3', '4'],
      vectors: [axis(0, 8, { j: 1, by: 0.1 }), axis(2)],
    });
    const hits = knnExact(db, a.space, q(axis(0)), ['a', 'b'], 3);
    expect(hits.map((h) => h.chunkId)).toEqual([a.chunkIds[0], b.chunkIds[0], a.chunkIds[1]]);
    expect(hits[0]?.distance).toBeCloseTo(0, 6);
  });

  it('refuses k outside 1..4096', () => {
    const { space } = addDocument(db, { collection: 'a', texts: ['x'] });
    for (const k of [0, -1, 1.5, 5000, Number.NaN]) {
      expect(reason(() => knnExact(db, space, q(axis(0)), ['a'], k))).toBe('invalid_search');
    }
  });
});

describe('re-embedding after a model change', () => {
  it('tracks, per collection, which model is complete; old vectors serve until then', () => {
    const d1 = addDocument(db, { collection: 'a', texts: ['one', 'two'] });
    const d2 = addDocument(db, { collection: 'a', texts: ['three'] });
    addDocument(db, { collection: 'b', texts: ['four'] });
    const old = d1.space;
    const next = { id: 'new-embed', sha256: 'e'.repeat(64), dimensions: 16 };
    const space = ensureEmbeddingSpace(db, next, 5);
    expect(isSpaceComplete(db, space, 'a')).toBe(false);
    expect(chooseQuerySpace(db, ['a', 'b'], [next, TEST_MODEL])).toEqual({ space: old, complete: true });
    expect(documentsMissingVectors(db, space, 'a', 10).sort()).toEqual([d1.doc.id, d2.doc.id].sort());

    const texts = documentChunkTexts(db, d1.doc.id);
    expect(texts.map((t) => t.text)).toEqual(['one', 'two']);
    expect(
      reason(() =>
        addDocumentVectors(db, { documentId: d1.doc.id, space, vectors: [Array(16).fill(1)], now: 6 }),
      ),
    ).toBe('invalid_chunks');
    addDocumentVectors(db, {
      documentId: d1.doc.id,
      space,
      vectors: texts.map(() => Array(16).fill(1)),
      now: 6,
    });
    addDocumentVectors(db, {
      documentId: d1.doc.id,
      space,
      vectors: texts.map(() => Array(16).fill(2)),
      now: 7,
    }); // idempotent
    addDocumentVectors(db, { documentId: d2.doc.id, space, vectors: [Array(16).fill(1)], now: 6 });
    expect(isSpaceComplete(db, space, 'a')).toBe(true);
    expect(embeddingCoverage(db, ['a', 'b'])).toEqual([
      {
        collection: 'a',
        spaceId: old.id,
        modelId: 'test-embed',
        modelSha256: TEST_MODEL.sha256,
        documents: 2,
        embedded: 2,
        complete: true,
      },
      {
        collection: 'a',
        spaceId: space.id,
        modelId: 'new-embed',
        modelSha256: next.sha256,
        documents: 2,
        embedded: 2,
        complete: true,
      },
      {
        collection: 'b',
        spaceId: old.id,
        modelId: 'test-embed',
        modelSha256: TEST_MODEL.sha256,
        documents: 1,
        embedded: 1,
        complete: true,
      },
      {
        collection: 'b',
        spaceId: space.id,
        modelId: 'new-embed',
        modelSha256: next.sha256,
        documents: 1,
        embedded: 0,
        complete: false,
      },
    ]);
    expect(embeddingCoverage(db, ['b']).every((c) => c.collection === 'b')).toBe(true);
    expect(chooseQuerySpace(db, ['a'], [next, TEST_MODEL])?.space.id).toBe(space.id);
    expect(chooseQuerySpace(db, ['a', 'b'], [next])).toEqual({ space, complete: false });
    expect(
      chooseQuerySpace(db, ['a'], [{ id: 'never', sha256: 'f'.repeat(64), dimensions: 8 }]),
    ).toBeUndefined();
    expect(knnExact(db, space, q(Array(16).fill(1)), ['a'], 10)).toHaveLength(3);

    // Deleting a document removes its vectors from both spaces.
    deleteDocument(db, ['a'], d1.doc.id);
    expect(knnExact(db, space, q(Array(16).fill(1)), ['a'], 10)).toHaveLength(1);
    expect(knnExact(db, old, q(axis(0)), ['a'], 10)).toHaveLength(1);

    dropEmbeddingSpace(db, old);
    expect(listEmbeddingSpaces(db).map((s) => s.id)).toEqual([space.id]);
    for (const t of [old.table, old.bitsTable]) {
      expect(db.prepare('SELECT COUNT(*) AS n FROM sqlite_master WHERE name LIKE ?').get(`${t}%`)).toEqual({
        n: 0,
      });
    }
    // Deleting after the drop still works (only live spaces are visited).
    expect(deleteDocument(db, ['a'], d2.doc.id)?.id).toBe(d2.doc.id);
  });
});
