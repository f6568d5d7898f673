import { dropTextIndex, type SearchableCollection } from './chunksText.js';
import type { Db } from './db.js';
import { deleteDocumentsInTx } from './documents.js';
import { assertCollectionName, normalizeAllowed } from './documentsErrors.js';
import { prepared } from './statements.js';

/** A collection as the document index sees it (grants are the policy's business). */
export interface CollectionSummary {
  name: string;
  documents: number;
  chunks: number;
  /** Set while the collection is being deleted; it is then hidden from search. */
  deletingAt: number | null;
}

/**
 * The allowed collections that exist here and are not being deleted: the list every search
 * passes into its KNN and BM25 queries. Computed in the same synchronous call as those
 * queries, so no deletion can start in between.
 */
export function searchableCollections(db: Db, allowedCollections: readonly string[]): SearchableCollection[] {
  const allowed = normalizeAllowed(allowedCollections);
  if (allowed.length === 0) return [];
  return prepared(
    db,
    `SELECT id, name FROM doc_collections
     WHERE name IN (SELECT value FROM json_each(?)) AND deleting_at IS NULL ORDER BY name`,
  ).all(JSON.stringify(allowed)) as SearchableCollection[];
}

/** Document and chunk counts of the allowed collections that exist here. */
export function collectionSummaries(db: Db, allowedCollections: readonly string[]): CollectionSummary[] {
  const allowed = normalizeAllowed(allowedCollections);
  if (allowed.length === 0) return [];
  return prepared(
    db,
    `SELECT c.name AS name, COUNT(d.id) AS documents, COALESCE(SUM(d.chunk_count), 0) AS chunks,
            c.deleting_at AS deletingAt
     FROM doc_collections c LEFT JOIN documents d ON d.collection = c.name
     WHERE c.name IN (SELECT value FROM json_each(?))
     GROUP BY c.name ORDER BY c.name`,
  ).all(JSON.stringify(allowed)) as CollectionSummary[];
}

/** Collections whose deletion started and has not finished: to resume after a restart. */
export function collectionsBeingDeleted(db: Db): string[] {
  return (
    prepared(
      db,
      'SELECT name FROM doc_collections WHERE deleting_at IS NOT NULL ORDER BY deleting_at',
    ).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** What one deletion step removed. */
export interface CollectionDeletionStep {
  documents: number;
  chunks: number;
  /** True once nothing of the collection is left (its row too). */
  done: boolean;
}

/**
 * One bounded step of deleting a collection; call it until `done` (yielding to the event loop
 * in between). The first step marks the collection as being deleted, which hides it from
 * search and refuses uploads at once; each step then deletes whole documents (chunks, FTS
 * rows, vectors), up to about `maxChunks` chunks (default 1,000: about 0.1 s of write lock at
 * the ~9,000 chunks/s measured by bench:rag), in one transaction.
 *
 * Why batches and not one transaction: a collection can hold a million chunks, and SQLite has
 * one writer: one transaction would hold the write lock for the whole deletion and make every
 * other write (chat messages, audit entries) wait past the 5 s busy timeout. The mark is
 * committed, so after a crash `collectionsBeingDeleted` names what to resume, and nothing of
 * a half-deleted collection is ever searchable. The caller checks the `manage` grant.
 */
export function deleteCollectionStep(
  db: Db,
  collection: string,
  now: number,
  opts: { maxChunks?: number } = {},
): CollectionDeletionStep {
  assertCollectionName(collection);
  const budget = Math.max(1, opts.maxChunks ?? 1000);
  return db
    .transaction(() => {
      prepared(db, 'UPDATE doc_collections SET deleting_at = ? WHERE name = ? AND deleting_at IS NULL').run(
        now,
        collection,
      );
      const candidates = prepared(
        db,
        'SELECT id, chunk_count AS chunks FROM documents WHERE collection = ? ORDER BY id LIMIT 1000',
      ).all(collection) as { id: string; chunks: number }[];
      const batch: string[] = [];
      let planned = 0;
      for (const c of candidates) {
        // Always at least one document, so a document larger than the budget still goes.
        if (batch.length > 0 && planned + c.chunks > budget) break;
        batch.push(c.id);
        planned += c.chunks;
      }
      const chunks = deleteDocumentsInTx(db, batch);
      const left = prepared(db, 'SELECT 1 FROM documents WHERE collection = ? LIMIT 1').get(collection);
      if (!left) {
        const row = prepared(db, 'SELECT id FROM doc_collections WHERE name = ?').get(collection) as
          | { id: number }
          | undefined;
        // Dropping the index also drops any postings of deleted rows that merging had not yet removed.
        if (row) dropTextIndex(db, row.id);
        prepared(db, 'DELETE FROM doc_collections WHERE name = ?').run(collection);
      }
      return { documents: batch.length, chunks, done: !left };
    })
    .immediate();
}

/** Chunks of finished documents in these collections (decides exact or quantized KNN). */
export function chunkCount(db: Db, collections: readonly SearchableCollection[]): number {
  if (collections.length === 0) return 0;
  const row = prepared(
    db,
    `SELECT COALESCE(SUM(chunk_count), 0) AS n FROM documents
     WHERE collection IN (SELECT value FROM json_each(?)) AND status = 'done'`,
  ).get(JSON.stringify(collections.map((c) => c.name))) as { n: number };
  return row.n;
}
