import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDocument,
  anyCellContains,
  countRows,
  openTestDb,
  reason,
  sha256,
  TEST_MODEL,
} from '../retrieval/test-support/index.js';
import { getChunks, storeDocumentChunks } from './chunks.js';
import { optimizeTextIndex, searchChunkText } from './chunksText.js';
import type { Db } from './db.js';
import {
  createDocument,
  deleteDocument,
  findDuplicate,
  getDocument,
  listDocuments,
  type NewDocument,
  setDocumentStatus,
  unfinishedDocuments,
} from './documents.js';
import {
  collectionSummaries,
  collectionsBeingDeleted,
  deleteCollectionStep,
  searchableCollections,
} from './documentsCollections.js';
import { DocumentIndexError } from './documentsErrors.js';
import { ensureEmbeddingSpace, insertVectors, vectorBlob } from './vectors.js';
import { knnExact } from './vectorsSearch.js';

let db: Db;
beforeEach(() => {
  db = openTestDb();
});
afterEach(() => db.close());

function upload(over: Partial<NewDocument> = {}): NewDocument {
  return {
    id: 'd1',
    collection: 'handbook',
    source_name: 'hygiene.pdf',
    media_type: 'application/pdf',
    size_bytes: 1234,
    sha256: sha256('hygiene'),
    uploaded_by: null,
    created_at: 100,
    ...over,
  };
}

describe('documents: upload records and duplicates', () => {
  it('records a queued document with its metadata', () => {
    const r = createDocument(db, upload());
    expect(r.created).toBe(true);
    expect(r.created && r.document).toMatchObject({
      id: 'd1',
      collection: 'handbook',
      source_name: 'hygiene.pdf',
      status: 'queued',
      progress: 0,
      chunk_count: 0,
      embedding_model: null,
    });
    expect(unfinishedDocuments(db).map((d) => d.id)).toEqual(['d1']);
  });

  it('detects identical content in the same collection, not across collections', () => {
    createDocument(db, upload());
    const again = createDocument(db, upload({ id: 'd2', source_name: 'copy.pdf' }));
    expect(again).toEqual({ created: false, existing: expect.objectContaining({ id: 'd1' }) });
    expect(findDuplicate(db, 'handbook', sha256('hygiene'))?.id).toBe('d1');
    expect(findDuplicate(db, 'handbook', sha256('other'))).toBeUndefined();
    expect(createDocument(db, upload({ id: 'd3', collection: 'hr' })).created).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 2 });
  });

  it('refuses malformed hashes, sizes and collection names', () => {
    expect(reason(() => createDocument(db, upload({ sha256: sha256('x').toUpperCase() })))).toBe(
      'invalid_document',
    );
    expect(reason(() => createDocument(db, upload({ sha256: 'abc' })))).toBe('invalid_document');
    expect(reason(() => createDocument(db, upload({ size_bytes: -1 })))).toBe('invalid_document');
    for (const collection of ['*', '../etc', '', 'a b', "x' OR '1'='1", `a${'b'.repeat(128)}`]) {
      expect(reason(() => createDocument(db, upload({ collection })))).toBe('invalid_collection');
    }
    expect(db.prepare('SELECT COUNT(*) AS n FROM documents').get()).toEqual({ n: 0 });
  });
});

describe('documents: job status', () => {
  it('moves through parsing and embedding with progress, and done only with chunks', () => {
    createDocument(db, upload());
    expect(setDocumentStatus(db, 'd1', { status: 'parsing', now: 110 })).toBe(true);
    expect(setDocumentStatus(db, 'd1', { status: 'embedding', progress: 0.5, now: 120 })).toBe(true);
    expect(getDocument(db, ['handbook'], 'd1')).toMatchObject({
      status: 'embedding',
      progress: 0.5,
      updated_at: 120,
    });
    expect(reason(() => setDocumentStatus(db, 'd1', { status: 'done' as 'failed', now: 1 }))).toBe(
      'document_state',
    );
    expect(reason(() => setDocumentStatus(db, 'd1', { status: 'embedding', progress: 1.5, now: 1 }))).toBe(
      'document_state',
    );
    expect(
      reason(() => setDocumentStatus(db, 'd1', { status: 'embedding', progress: Number.NaN, now: 1 })),
    ).toBe('document_state');

    const space = ensureEmbeddingSpace(db, TEST_MODEL, 1);
    const chunk = {
      text: 'Wash hands.',
      page: 1,
      section: 'Hygiene',
      tokens: 3,
      vector: [1, 0, 0, 0, 0, 0, 0, 0],
    };
    storeDocumentChunks(db, { documentId: 'd1', space, chunks: [chunk], now: 130 });
    expect(getDocument(db, ['handbook'], 'd1')).toMatchObject({
      status: 'done',
      progress: 1,
      chunk_count: 1,
      embedding_model: 'test-embed',
    });
    expect(unfinishedDocuments(db)).toEqual([]);
    // A finished document is neither re-stored nor moved back.
    expect(reason(() => storeDocumentChunks(db, { documentId: 'd1', space, chunks: [chunk], now: 1 }))).toBe(
      'document_state',
    );
    expect(setDocumentStatus(db, 'd1', { status: 'failed', reason: 'late', now: 140 })).toBe(false);
  });

  it('records a failure with its reason, and reports a deleted document', () => {
    createDocument(db, upload());
    setDocumentStatus(db, 'd1', { status: 'failed', reason: 'encrypted PDF', now: 110 });
    expect(getDocument(db, ['handbook'], 'd1')).toMatchObject({
      status: 'failed',
      status_reason: 'encrypted PDF',
    });
    expect(setDocumentStatus(db, 'nope', { status: 'parsing', now: 1 })).toBe(false);
    const space = ensureEmbeddingSpace(db, TEST_MODEL, 1);
    expect(reason(() => storeDocumentChunks(db, { documentId: 'nope', space, chunks: [], now: 1 }))).toBe(
      'document_not_found',
    );
  });

  it('writes nothing when one chunk or vector is invalid', () => {
    createDocument(db, upload());
    const space = ensureEmbeddingSpace(db, TEST_MODEL, 1);
    const before = countRows(db);
    const good = { text: 'ok', page: null, section: null, tokens: 1, vector: [1, 0, 0, 0, 0, 0, 0, 0] };
    for (const badOne of [
      { ...good, vector: [1, 0, 0] },
      { ...good, vector: [Number.NaN, 0, 0, 0, 0, 0, 0, 0] },
      { ...good, text: '   ' },
      { ...good, tokens: -1 },
      { ...good, page: 1.5 },
    ]) {
      expect(() =>
        storeDocumentChunks(db, { documentId: 'd1', space, chunks: [good, badOne], now: 1 }),
      ).toThrow(DocumentIndexError);
    }
    expect(countRows(db)).toEqual(before);
    expect(getDocument(db, ['handbook'], 'd1')?.status).toBe('queued');
  });
});

describe('documents: scoped reads', () => {
  it('lists and gets only documents of allowed collections', () => {
    addDocument(db, { collection: 'handbook', texts: ['a'], id: 'h1', now: 10 });
    addDocument(db, { collection: 'handbook', texts: ['b'], id: 'h2', now: 20 });
    addDocument(db, { collection: 'hr', texts: ['c'], id: 'r1', now: 30 });
    expect(listDocuments(db, ['handbook'], { limit: 10 }).map((d) => d.id)).toEqual(['h2', 'h1']);
    expect(listDocuments(db, ['handbook', 'hr'], { limit: 10, collection: 'hr' }).map((d) => d.id)).toEqual([
      'r1',
    ]);
    expect(listDocuments(db, ['handbook'], { limit: 10, collection: 'hr' })).toEqual([]);
    expect(listDocuments(db, [], { limit: 10 })).toEqual([]);
    expect(
      listDocuments(db, ['handbook', 'hr'], { limit: 10, before: { createdAt: 30, id: 'r1' } }).map(
        (d) => d.id,
      ),
    ).toEqual(['h2', 'h1']);
    expect(getDocument(db, ['handbook'], 'r1')).toBeUndefined();
    expect(getDocument(db, ['handbook'], "r1' OR '1'='1")).toBeUndefined();
    expect(getDocument(db, ['*'], 'r1')).toBeUndefined();
    expect(getChunks(db, ['handbook'], [1, 2, 3]).map((c) => c.collection)).toEqual(['handbook', 'handbook']);
  });
});

describe('deleting a document', () => {
  it('removes its chunks, FTS rows and vectors in every space, leaving every table as before', () => {
    const other = addDocument(db, { collection: 'handbook', texts: ['keep this passage'] });
    const space2 = ensureEmbeddingSpace(db, { id: 'other-embed', sha256: 'b'.repeat(64), dimensions: 16 }, 1);
    // FTS5 keeps its index as segments in _data/_idx: a deletion adds a tombstone segment
    // until segments are merged, so those two are compared after a merge on both sides.
    const counts = () => {
      optimizeTextIndex(db, 'handbook');
      return countRows(db);
    };
    const before = counts();
    const marker = [0.123456789, -9.87654321, 3.25, 2.5, 1.75, -1.7320508, 0.5772156, 1.6180339];
    const { doc, chunkIds } = addDocument(db, {
      collection: 'handbook',
      texts: ['zyxwvut quarantine protocol', 'second passage'],
      vectors: [marker, [0, 1, 0, 0, 0, 0, 0, 0]],
    });
    // Its vectors in a second space too (re-embedding).
    insertVectors(db, space2, [
      { chunkId: chunkIds[0] as number, collection: 'handbook', blob: vectorBlob(space2, Array(16).fill(1)) },
    ]);
    const markerBytes = vectorBlob({ dimensions: 8 }, marker);
    expect(anyCellContains(db, markerBytes).length).toBeGreaterThan(0); // the check can see it
    expect(counts()).not.toEqual(before);

    expect(deleteDocument(db, ['hr'], doc.id)).toBeUndefined(); // not the caller's collection
    expect(deleteDocument(db, ['handbook'], doc.id)?.id).toBe(doc.id);

    expect(counts()).toEqual(before);
    expect(anyCellContains(db, markerBytes)).toEqual([]);
    const handbook = searchableCollections(db, ['handbook']);
    expect(searchChunkText(db, ['zyxwvut'], handbook, 10)).toEqual([]);
    expect(searchChunkText(db, ['keep'], handbook, 10).map((h) => h.chunkId)).toEqual(other.chunkIds);
    expect(knnExact(db, other.space, markerBytes, ['handbook'], 10).map((h) => h.chunkId)).toEqual(
      other.chunkIds,
    );
    expect(deleteDocument(db, ['handbook'], doc.id)).toBeUndefined();
  });

  it('leaves no posting of the deleted text in the index file once the index is optimized', () => {
    addDocument(db, { collection: 'handbook', texts: ['unrelated text'] });
    const { doc } = addDocument(db, { collection: 'handbook', texts: ['qwertyzz infection register'] });
    const needle = Buffer.from('qwertyzz');
    expect(anyCellContains(db, needle)).toContain('chunks.text');
    deleteDocument(db, ['handbook'], doc.id);
    // FTS5 masks the deleted row with a tombstone; the term's bytes may stay until a merge.
    expect(optimizeTextIndex(db, 'handbook')).toBe(true);
    expect(anyCellContains(db, needle)).toEqual([]);
    expect(optimizeTextIndex(db, 'nope')).toBe(false);
  });
});

describe('deleting a collection', () => {
  it('hides it at once, removes it in bounded resumable steps, and leaves nothing behind', () => {
    const fresh = countRows(openTestDb());
    addDocument(db, { collection: 'hr', texts: ['salary scales'] });
    const kept = countRows(db);
    for (let i = 0; i < 5; i++)
      addDocument(db, { collection: 'handbook', texts: [`passage ${i}a`, `passage ${i}b`] });
    expect(collectionSummaries(db, ['handbook', 'hr'])).toEqual([
      { name: 'handbook', documents: 5, chunks: 10, deletingAt: null },
      { name: 'hr', documents: 1, chunks: 1, deletingAt: null },
    ]);

    const first = deleteCollectionStep(db, 'handbook', 500, { maxChunks: 4 });
    expect(first).toEqual({ documents: 2, chunks: 4, done: false });
    expect(collectionsBeingDeleted(db)).toEqual(['handbook']);
    expect(searchableCollections(db, ['handbook', 'hr']).map((c) => c.name)).toEqual(['hr']);
    expect(getChunks(db, ['handbook'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual([]);
    expect(reason(() => createDocument(db, upload({ collection: 'handbook' })))).toBe('collection_deleting');

    let calls = 1;
    for (let done = false; !done; calls++)
      done = deleteCollectionStep(db, 'handbook', 600, { maxChunks: 4 }).done;
    expect(calls).toBe(3); // 5 documents of 2 chunks, at most 4 chunks a step
    expect(collectionsBeingDeleted(db)).toEqual([]);
    expect(countRows(db)).toEqual(kept);
    expect(Object.keys(countRows(db)).filter((t) => !(t in fresh) && !(t in kept))).toEqual([]);
    // The name may be used again, with a fresh index.
    expect(createDocument(db, upload({ collection: 'handbook' })).created).toBe(true);
  });
});
