import { indexChunkText, unindexChunks } from './chunksText.js';
import type { Db } from './db.js';
import { assertCollectionWritable, type DocumentRow, documentById } from './documents.js';
import { DocumentIndexError, normalizeAllowed } from './documentsErrors.js';
import { prepared } from './statements.js';
import {
  deleteVectors,
  type EmbeddingSpace,
  insertVectors,
  type VectorInput,
  vectorBlob,
} from './vectors.js';

/** A chunk as the parser and embedder produce it. */
export interface NewChunk {
  text: string;
  /** 1-based page of a paged format (PDF), else null. */
  page: number | null;
  /** Heading path or sheet name, for citations; null when the format has none. */
  section: string | null;
  /** Its length in the embedding model's tokens. */
  tokens: number;
  vector: VectorInput;
}

/** A stored chunk with what a citation needs. */
export interface ChunkRecord {
  chunkId: number;
  documentId: string;
  collection: string;
  sourceName: string;
  seq: number;
  text: string;
  page: number | null;
  section: string | null;
  tokens: number;
}

function checkChunk(c: NewChunk, i: number): void {
  const okPage = c.page === null || (Number.isSafeInteger(c.page) && c.page >= 0);
  const okSection = c.section === null || typeof c.section === 'string';
  if (typeof c.text !== 'string' || c.text.trim() === '' || !Number.isSafeInteger(c.tokens) || c.tokens < 0) {
    throw new DocumentIndexError('invalid_chunks', `chunks[${i}] has no text or an invalid token count`);
  }
  if (!okPage || !okSection)
    throw new DocumentIndexError('invalid_chunks', `chunks[${i}] has an invalid page or section`);
}

// The collection's id (naming its text index), refusing one that is being deleted.
function writableCollectionId(db: Db, collection: string): number {
  assertCollectionWritable(db, collection);
  const row = prepared(db, 'SELECT id FROM doc_collections WHERE name = ?').get(collection) as
    | { id: number }
    | undefined;
  if (!row) throw new DocumentIndexError('document_not_found', `Collection ${collection} does not exist`);
  return row.id;
}

function requireDocument(db: Db, documentId: string): DocumentRow {
  const doc = documentById(db, documentId);
  if (!doc) throw new DocumentIndexError('document_not_found', `Document ${documentId} does not exist`);
  return doc;
}

/**
 * Stores a parsed and embedded document in ONE transaction: its chunks, their rows in the
 * collection's text index, their vectors in `space`, the mark that the document is complete in that space,
 * and status `done`. Any chunks left by an earlier attempt are replaced, so a resumed job may
 * call it again. Vectors are validated before the transaction starts; the embedding (slow,
 * async) must be finished before calling: no transaction is held across an await.
 */
export function storeDocumentChunks(
  db: Db,
  input: { documentId: string; space: EmbeddingSpace; chunks: readonly NewChunk[]; now: number },
): number[] {
  const { space, now } = input;
  input.chunks.forEach(checkChunk);
  const blobs = input.chunks.map((c) => vectorBlob(space, c.vector));
  return db
    .transaction(() => {
      const doc = requireDocument(db, input.documentId);
      if (doc.status === 'done') {
        throw new DocumentIndexError('document_state', `Document ${doc.id} already has its chunks`);
      }
      const collectionId = writableCollectionId(db, doc.collection);
      const old = (
        prepared(db, 'SELECT id FROM chunks WHERE document_id = ?').all(doc.id) as { id: number }[]
      ).map((r) => r.id);
      unindexChunks(db, collectionId, old);
      deleteVectors(db, old);
      prepared(db, 'DELETE FROM chunks WHERE document_id = ?').run(doc.id);
      prepared(db, 'DELETE FROM document_embeddings WHERE document_id = ?').run(doc.id);

      const insert = prepared(
        db,
        'INSERT INTO chunks (document_id, seq, text, page, section, tokens) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const ids = input.chunks.map((c, seq) =>
        Number(insert.run(doc.id, seq, c.text, c.page, c.section, c.tokens).lastInsertRowid),
      );
      indexChunkText(
        db,
        collectionId,
        ids.map((chunkId, i) => ({ chunkId, text: (input.chunks[i] as NewChunk).text })),
      );
      insertVectors(
        db,
        space,
        ids.map((chunkId, i) => ({ chunkId, collection: doc.collection, blob: blobs[i] as Buffer })),
      );
      prepared(
        db,
        'INSERT INTO document_embeddings (document_id, space_id, created_at) VALUES (?, ?, ?)',
      ).run(doc.id, space.id, now);
      prepared(
        db,
        `UPDATE documents SET status = 'done', status_reason = NULL, progress = 1, chunk_count = ?,
         embedding_model = ?, updated_at = ? WHERE id = ?`,
      ).run(ids.length, space.modelId, now, doc.id);
      return ids;
    })
    .immediate();
}

/** A finished document's chunks in order, for re-embedding with another model. */
export function documentChunkTexts(db: Db, documentId: string): { chunkId: number; text: string }[] {
  return prepared(db, 'SELECT id AS chunkId, text FROM chunks WHERE document_id = ? ORDER BY seq').all(
    documentId,
  ) as { chunkId: number; text: string }[];
}

/**
 * Adds a finished document's vectors in another space (re-embedding after a model change),
 * one vector per chunk in `documentChunkTexts` order, in one transaction that also marks the
 * document complete in that space. Idempotent: vectors already there are replaced. With
 * `current`, the space is the current model's and the document records it as its model.
 */
export function addDocumentVectors(
  db: Db,
  input: {
    documentId: string;
    space: EmbeddingSpace;
    vectors: readonly VectorInput[];
    now: number;
    current?: boolean;
  },
): void {
  const { space } = input;
  const blobs = input.vectors.map((v) => vectorBlob(space, v));
  db.transaction(() => {
    const doc = requireDocument(db, input.documentId);
    if (doc.status !== 'done')
      throw new DocumentIndexError('document_state', `Document ${doc.id} is not finished`);
    assertCollectionWritable(db, doc.collection);
    const ids = documentChunkTexts(db, doc.id).map((c) => c.chunkId);
    if (ids.length !== blobs.length) {
      throw new DocumentIndexError(
        'invalid_chunks',
        `${blobs.length} vectors given for ${ids.length} chunks`,
      );
    }
    deleteVectors(db, ids, [space]);
    insertVectors(
      db,
      space,
      ids.map((chunkId, i) => ({ chunkId, collection: doc.collection, blob: blobs[i] as Buffer })),
    );
    prepared(
      db,
      `INSERT INTO document_embeddings (document_id, space_id, created_at) VALUES (?, ?, ?)
       ON CONFLICT(document_id, space_id) DO UPDATE SET created_at = excluded.created_at`,
    ).run(doc.id, space.id, input.now);
    if (input.current) {
      prepared(db, 'UPDATE documents SET embedding_model = ?, updated_at = ? WHERE id = ?').run(
        space.modelId,
        input.now,
        doc.id,
      );
    }
  }).immediate();
}

/**
 * The chunks with these ids that lie in allowed, searchable collections (finished documents,
 * collection not being deleted), in the order of `chunkIds`. Search results pass through here,
 * so a chunk id from any source is checked against the caller's collections once more.
 */
export function getChunks(
  db: Db,
  allowedCollections: readonly string[],
  chunkIds: readonly number[],
): ChunkRecord[] {
  const allowed = normalizeAllowed(allowedCollections);
  const ids = [...new Set(chunkIds.filter((id) => Number.isSafeInteger(id)))];
  if (allowed.length === 0 || ids.length === 0) return [];
  const rows = prepared(
    db,
    `SELECT c.id AS chunkId, c.document_id AS documentId, d.collection AS collection,
            d.source_name AS sourceName, c.seq AS seq, c.text AS text, c.page AS page,
            c.section AS section, c.tokens AS tokens
     FROM chunks c
     JOIN documents d ON d.id = c.document_id
     JOIN doc_collections k ON k.name = d.collection AND k.deleting_at IS NULL
     WHERE c.id IN (SELECT value FROM json_each(?))
       AND d.collection IN (SELECT value FROM json_each(?)) AND d.status = 'done'`,
  ).all(JSON.stringify(ids), JSON.stringify(allowed)) as ChunkRecord[];
  const byId = new Map(rows.map((r) => [r.chunkId, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
