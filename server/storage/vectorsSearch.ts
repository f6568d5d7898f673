import type { Db } from './db.js';
import { DocumentIndexError } from './documentsErrors.js';
import { prepared } from './statements.js';
import type { EmbeddingSpace } from './vectors.js';

/** One nearest neighbour: cosine distance (0 same direction, 2 opposite). */
export interface VectorHit {
  chunkId: number;
  distance: number;
}

/** sqlite-vec refuses a `k` above 4096 (SQLITE_VEC_VEC0_K_MAX in sqlite-vec.c). */
export const MAX_KNN_K = 4096;

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_KNN_K) {
    throw new DocumentIndexError('invalid_search', `k must be an integer from 1 to ${MAX_KNN_K}, got ${k}`);
  }
}

// `collection IN (SELECT value FROM json_each(?))` is a constraint on the partition key, so
// it is applied inside the KNN scan: SQLite runs vec0's filter once per listed collection
// (each returning up to k rows, only from that partition), and `bestK` keeps the best k
// overall: the union of per-partition top-k lists holds the global top k. (vec0 refuses a
// LIMIT next to `k = ?`, so the merge is done here.)
function knnSql(space: EmbeddingSpace, column: 'embedding' | 'embedding_bits'): string {
  const table = column === 'embedding' ? space.table : space.bitsTable;
  const match = column === 'embedding' ? '?' : 'vec_quantize_binary(?)';
  return `SELECT chunk_id AS chunkId, distance FROM ${table}
    WHERE ${column} MATCH ${match} AND k = ? AND collection IN (SELECT value FROM json_each(?))`;
}

// Best k by distance, ties by chunk id so that results are deterministic.
function bestK(hits: VectorHit[], k: number): VectorHit[] {
  return hits.sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId).slice(0, k);
}

/** Exact cosine KNN over the float vectors of `collections` (already validated and deduplicated). */
export function knnExact(
  db: Db,
  space: EmbeddingSpace,
  query: Buffer,
  collections: readonly string[],
  k: number,
): VectorHit[] {
  checkK(k);
  if (collections.length === 0) return [];
  return bestK(
    prepared(db, knnSql(space, 'embedding')).all(query, k, JSON.stringify(collections)) as VectorHit[],
    k,
  );
}

/**
 * Binary first pass, then exact re-scoring: the `candidates` nearest by Hamming distance over
 * the sign bits (32× fewer bytes to read than float32), re-ranked by the exact cosine
 * distance of their float vectors; the best k of those. Recall against exact search, for
 * candidates = k × oversampling, is measured by `npm run bench:rag`.
 */
export function knnBinaryRescored(
  db: Db,
  space: EmbeddingSpace,
  query: Buffer,
  collections: readonly string[],
  k: number,
  candidates: number,
): VectorHit[] {
  checkK(k);
  if (!space.binary) return knnExact(db, space, query, collections, k);
  if (collections.length === 0) return [];
  const n = Math.min(MAX_KNN_K, Math.max(k, Math.ceil(candidates)));
  const firstPass = prepared(db, knnSql(space, 'embedding_bits')).all(
    query,
    n,
    JSON.stringify(collections),
  ) as VectorHit[];
  const ids = bestK(firstPass, n).map((h) => h.chunkId);
  return bestK(exactDistances(db, space, query, ids), k);
}

/** Exact cosine distances of the query to these chunks' vectors (chunks without one are absent). */
export function exactDistances(
  db: Db,
  space: EmbeddingSpace,
  query: Buffer,
  chunkIds: readonly number[],
): VectorHit[] {
  const stmt = prepared(
    db,
    `SELECT chunk_id AS chunkId, vec_distance_cosine(embedding, ?) AS distance FROM ${space.table} WHERE chunk_id = ?`,
  );
  const out: VectorHit[] = [];
  // Point lookups by rowid; the vec0 table has no index for an IN list.
  for (const id of chunkIds) {
    const row = stmt.get(query, BigInt(id)) as VectorHit | undefined;
    if (row) out.push(row);
  }
  return out;
}

/** The stored float vectors of these chunks in `space` (for MMR); chunks without one are absent. */
export function vectorsOf(
  db: Db,
  space: EmbeddingSpace,
  chunkIds: readonly number[],
): Map<number, Float32Array> {
  const stmt = prepared(db, `SELECT embedding FROM ${space.table} WHERE chunk_id = ?`);
  const out = new Map<number, Float32Array>();
  for (const id of chunkIds) {
    const row = stmt.get(BigInt(id)) as { embedding: Buffer } | undefined;
    if (!row) continue;
    const copy = new Uint8Array(row.embedding); // aligned copy for the Float32Array view
    out.set(id, new Float32Array(copy.buffer, 0, copy.byteLength / 4));
  }
  return out;
}
