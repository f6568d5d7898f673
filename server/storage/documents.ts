import { createTextIndex, unindexChunks } from './chunksText.js';
import type { Db } from './db.js';
import { assertCollectionName, DocumentIndexError, normalizeAllowed } from './documentsErrors.js';
import { prepared } from './statements.js';
import { deleteVectors } from './vectors.js';

/** Ingestion states, in order; `failed` may follow any of the first three. */
export type DocumentStatus = 'queued' | 'parsing' | 'embedding' | 'done' | 'failed';

/** A stored document (its text is in `chunks`). */
export interface DocumentRow {
  id: string;
  collection: string;
  source_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: number;
  updated_at: number;
  embedding_model: string | null;
  status: DocumentStatus;
  status_reason: string | null;
  progress: number;
  chunk_count: number;
}

/** What an upload records before any parsing. */
export type NewDocument = Pick<
  DocumentRow,
  'id' | 'collection' | 'source_name' | 'media_type' | 'size_bytes' | 'sha256' | 'uploaded_by' | 'created_at'
>;

const SHA256 = /^[0-9a-f]{64}$/;

/** Throws `collection_deleting` when the collection is being deleted. */
export function assertCollectionWritable(db: Db, collection: string): void {
  const row = prepared(db, 'SELECT deleting_at FROM doc_collections WHERE name = ?').get(collection) as
    | { deleting_at: number | null }
    | undefined;
  if (row?.deleting_at != null) {
    throw new DocumentIndexError('collection_deleting', `Collection ${collection} is being deleted`);
  }
}

/**
 * Records an upload as a `queued` document. Identical content (same SHA-256) already in the
 * collection is not stored twice: the existing document is returned with `created: false`.
 * The unique (collection, sha256) constraint decides, so two concurrent uploads cannot both
 * create one. The caller has checked that its user may write to the collection.
 */
export function createDocument(
  db: Db,
  doc: NewDocument,
): { created: true; document: DocumentRow } | { created: false; existing: DocumentRow } {
  assertCollectionName(doc.collection);
  if (!SHA256.test(doc.sha256) || !Number.isSafeInteger(doc.size_bytes) || doc.size_bytes < 0 || !doc.id) {
    throw new DocumentIndexError(
      'invalid_document',
      'Document id, size or SHA-256 (lowercase hex) is invalid',
    );
  }
  return db
    .transaction(() => {
      assertCollectionWritable(db, doc.collection);
      prepared(
        db,
        'INSERT INTO doc_collections (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING',
      ).run(doc.collection, doc.created_at);
      const { id: collectionId } = prepared(db, 'SELECT id FROM doc_collections WHERE name = ?').get(
        doc.collection,
      ) as { id: number };
      createTextIndex(db, collectionId);
      const info = prepared(
        db,
        `INSERT INTO documents (id, collection, source_name, media_type, size_bytes, sha256, uploaded_by,
         created_at, updated_at, status)
       VALUES (@id, @collection, @source_name, @media_type, @size_bytes, @sha256, @uploaded_by,
         @created_at, @created_at, 'queued')
       ON CONFLICT(collection, sha256) DO NOTHING`,
      ).run(doc);
      if (info.changes === 0) {
        return {
          created: false as const,
          existing: findDuplicate(db, doc.collection, doc.sha256) as DocumentRow,
        };
      }
      return { created: true as const, document: documentById(db, doc.id) as DocumentRow };
    })
    .immediate();
}

/** The document with this content in the collection, if any. */
export function findDuplicate(db: Db, collection: string, sha256: string): DocumentRow | undefined {
  return prepared(db, 'SELECT * FROM documents WHERE collection = ? AND sha256 = ?').get(
    collection,
    sha256,
  ) as DocumentRow | undefined;
}

/** Unscoped read, for the ingestion job (which acts for the system, not a user). */
export function documentById(db: Db, id: string): DocumentRow | undefined {
  return prepared(db, 'SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
}

/**
 * Moves a document's job forward: `queued`, `parsing`, `embedding` (with progress 0..1) or
 * `failed` with a reason. `done` is set only by `storeDocumentChunks`, with the chunks.
 * Returns false when the document no longer exists (deleted while its job ran).
 */
export function setDocumentStatus(
  db: Db,
  id: string,
  update: { status: Exclude<DocumentStatus, 'done'>; reason?: string; progress?: number; now: number },
): boolean {
  const progress = update.progress ?? 0;
  if ((update.status as string) === 'done' || !(progress >= 0 && progress <= 1)) {
    throw new DocumentIndexError(
      'document_state',
      `Cannot set status ${update.status} with progress ${progress}`,
    );
  }
  const info = prepared(
    db,
    `UPDATE documents SET status = ?, status_reason = ?, progress = ?, updated_at = ?
     WHERE id = ? AND status <> 'done'`,
  ).run(update.status, update.reason ?? null, progress, update.now, id);
  return info.changes > 0;
}

/** Documents whose job had not finished (queued, parsing, embedding): to resume after a restart. */
export function unfinishedDocuments(db: Db): DocumentRow[] {
  return prepared(
    db,
    "SELECT * FROM documents WHERE status IN ('queued', 'parsing', 'embedding') ORDER BY created_at, id",
  ).all() as DocumentRow[];
}

/** One document, only if it is in an allowed collection. */
export function getDocument(
  db: Db,
  allowedCollections: readonly string[],
  id: string,
): DocumentRow | undefined {
  return prepared(
    db,
    'SELECT * FROM documents WHERE id = ? AND collection IN (SELECT value FROM json_each(?))',
  ).get(id, JSON.stringify(normalizeAllowed(allowedCollections))) as DocumentRow | undefined;
}

/**
 * Documents of the allowed collections (optionally one of them), newest first,
 * keyset-paginated on (created_at, id).
 */
export function listDocuments(
  db: Db,
  allowedCollections: readonly string[],
  opts: { limit: number; collection?: string; before?: { createdAt: number; id: string } },
): DocumentRow[] {
  let allowed = normalizeAllowed(allowedCollections);
  if (opts.collection !== undefined) allowed = allowed.filter((c) => c === opts.collection);
  if (allowed.length === 0) return [];
  const before = opts.before ?? { createdAt: Number.MAX_SAFE_INTEGER, id: '' };
  // Without a cursor, the row value comparison below admits every row (created_at < MAX).
  return prepared(
    db,
    `SELECT * FROM documents
     WHERE collection IN (SELECT value FROM json_each(?)) AND (created_at, id) < (?, ?)
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  ).all(JSON.stringify(allowed), before.createdAt, before.id, opts.limit) as DocumentRow[];
}

/**
 * Deletes documents with their chunks, their rows in the collection's text index and their
 * vectors in every embedding space. The caller holds the transaction.
 */
export function deleteDocumentsInTx(db: Db, ids: readonly string[]): number {
  const chunkIds = prepared(db, 'SELECT id FROM chunks WHERE document_id = ?');
  const collectionOf = prepared(
    db,
    'SELECT k.id AS id FROM documents d JOIN doc_collections k ON k.name = d.collection WHERE d.id = ?',
  );
  const del = prepared(db, 'DELETE FROM documents WHERE id = ?');
  let chunks = 0;
  for (const id of ids) {
    const collection = collectionOf.get(id) as { id: number } | undefined;
    if (!collection) continue;
    const ofDoc = (chunkIds.all(id) as { id: number }[]).map((r) => r.id);
    unindexChunks(db, collection.id, ofDoc);
    deleteVectors(db, ofDoc);
    chunks += ofDoc.length;
    // ON DELETE CASCADE removes the chunks and the completeness rows.
    del.run(id);
  }
  return chunks;
}

/**
 * Deletes one document of an allowed collection (the collections the caller may write) in
 * ONE transaction: the document, its chunks, their FTS rows and their vectors (in every space). Returns the
 * deleted row, for the audit event, or undefined when there was none the caller may delete.
 */
export function deleteDocument(
  db: Db,
  allowedCollections: readonly string[],
  id: string,
): DocumentRow | undefined {
  return db
    .transaction(() => {
      const doc = getDocument(db, allowedCollections, id);
      if (!doc) return undefined;
      deleteDocumentsInTx(db, [id]);
      return doc;
    })
    .immediate();
}
