import type { Db } from './db.js';
import { normalizeAllowed } from './documentsErrors.js';
import { prepared } from './statements.js';
import { type EmbeddingModelRef, type EmbeddingSpace, findEmbeddingSpace } from './vectors.js';

/** How far one collection is embedded in one space. */
export interface SpaceCoverage {
  collection: string;
  spaceId: number;
  modelId: string;
  modelSha256: string;
  /** Finished documents of the collection. */
  documents: number;
  /** Of those, the ones whose every chunk has a vector in the space. */
  embedded: number;
  complete: boolean;
}

/**
 * Per allowed collection and embedding space, how many finished documents have all their
 * vectors there. During a model change the new space fills in the background while the old
 * one, still complete, keeps serving queries embedded with the old model.
 */
export function embeddingCoverage(db: Db, allowedCollections: readonly string[]): SpaceCoverage[] {
  const allowed = normalizeAllowed(allowedCollections);
  if (allowed.length === 0) return [];
  const rows = prepared(
    db,
    `SELECT d.collection AS collection, s.id AS spaceId, s.model_id AS modelId, s.model_sha256 AS modelSha256,
            COUNT(*) AS documents, COUNT(e.document_id) AS embedded
     FROM documents d
     CROSS JOIN embedding_spaces s
     LEFT JOIN document_embeddings e ON e.document_id = d.id AND e.space_id = s.id
     WHERE d.status = 'done' AND d.collection IN (SELECT value FROM json_each(?))
     GROUP BY d.collection, s.id ORDER BY d.collection, s.id`,
  ).all(JSON.stringify(allowed)) as Omit<SpaceCoverage, 'complete'>[];
  return rows.map((r) => ({ ...r, complete: r.documents === r.embedded }));
}

/** True when every finished document of `collection` has all its vectors in `space`. */
export function isSpaceComplete(db: Db, space: EmbeddingSpace, collection: string): boolean {
  return !prepared(
    db,
    `SELECT 1 FROM documents d
     WHERE d.collection = ? AND d.status = 'done'
       AND NOT EXISTS (SELECT 1 FROM document_embeddings e WHERE e.document_id = d.id AND e.space_id = ?)
     LIMIT 1`,
  ).get(collection, space.id);
}

/** True when every finished document, in any collection, has its vectors in `space`. */
export function spaceCoversAllDocuments(db: Db, space: EmbeddingSpace): boolean {
  return !prepared(
    db,
    `SELECT 1 FROM documents d
     WHERE d.status = 'done'
       AND NOT EXISTS (SELECT 1 FROM document_embeddings e WHERE e.document_id = d.id AND e.space_id = ?)
     LIMIT 1`,
  ).get(space.id);
}

/**
 * Finished documents of `collection` without vectors in `space`, oldest first: the re-embedding
 * job's work list (embed `documentChunkTexts`, then `addDocumentVectors`, then ask again).
 */
export function documentsMissingVectors(
  db: Db,
  space: EmbeddingSpace,
  collection: string,
  limit: number,
): string[] {
  return (
    prepared(
      db,
      `SELECT d.id FROM documents d
       WHERE d.collection = ? AND d.status = 'done'
         AND NOT EXISTS (SELECT 1 FROM document_embeddings e WHERE e.document_id = d.id AND e.space_id = ?)
       ORDER BY d.created_at, d.id LIMIT ?`,
    ).all(collection, space.id, limit) as { id: string }[]
  ).map((r) => r.id);
}

/**
 * Which loaded embedding model a query over `collections` should be embedded with: the first
 * of `candidates` (most preferred first, e.g. the new model, then the old one while still
 * loaded) whose space is complete for every collection; failing that, the first that has a
 * space at all (`complete: false`: some documents have no vector there yet, and only the
 * BM25 side finds them). Undefined when none of the candidates ever stored a vector.
 */
export function chooseQuerySpace(
  db: Db,
  collections: readonly string[],
  candidates: readonly EmbeddingModelRef[],
): { space: EmbeddingSpace; complete: boolean } | undefined {
  const spaces = candidates.flatMap((m) => findEmbeddingSpace(db, m) ?? []);
  const wanted = normalizeAllowed(collections);
  for (const space of spaces) {
    if (wanted.every((c) => isSpaceComplete(db, space, c))) return { space, complete: true };
  }
  const first = spaces[0];
  return first ? { space: first, complete: false } : undefined;
}
