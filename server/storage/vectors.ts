import type { Db } from './db.js';
import { DocumentIndexError } from './documentsErrors.js';
import { prepared } from './statements.js';

/** The embedding model a vector was (or a query is) made with, as the catalog names it. */
export interface EmbeddingModelRef {
  /** Catalog id (lowercase letters, digits, ".", "_", "-"). */
  readonly id: string;
  /** SHA-256 of the model file, from the catalog: new weights under an old id are a new space. */
  readonly sha256: string;
  /** Length of its vectors (node-llama-cpp's `model.embeddingVectorSize`). */
  readonly dimensions: number;
}

/** Where the vectors of one embedding model live. */
export interface EmbeddingSpace {
  readonly id: number;
  readonly modelId: string;
  readonly modelSha256: string;
  readonly dimensions: number;
  /** True when the space keeps a binary-quantized copy (dimension divisible by 8). */
  readonly binary: boolean;
  /** The float vec0 table, `chunk_vectors_<id>`; the id is an integer this module assigned. */
  readonly table: string;
  /** The sign-bit vec0 table, `chunk_bits_<id>`, present when `binary`. */
  readonly bitsTable: string;
}

/** A vector as callers hold it. */
export type VectorInput = Float32Array | readonly number[];

const MODEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SHA256 = /^[0-9a-f]{64}$/;

interface SpaceRow {
  id: number;
  model_id: string;
  model_sha256: string;
  dimensions: number;
}

function toSpace(r: SpaceRow): EmbeddingSpace {
  // The table name is built only from an INTEGER PRIMARY KEY, never from caller text.
  if (!Number.isSafeInteger(r.id) || r.id <= 0) throw new Error(`corrupt embedding space id ${r.id}`);
  return {
    id: r.id,
    modelId: r.model_id,
    modelSha256: r.model_sha256,
    dimensions: r.dimensions,
    binary: r.dimensions % 8 === 0,
    table: `chunk_vectors_${r.id}`,
    bitsTable: `chunk_bits_${r.id}`,
  };
}

function assertModel(model: EmbeddingModelRef): void {
  if (
    !MODEL_ID.test(model.id) ||
    !SHA256.test(model.sha256) ||
    !Number.isInteger(model.dimensions) ||
    model.dimensions < 1 ||
    model.dimensions > 8192
  ) {
    throw new DocumentIndexError(
      'invalid_model',
      `Not an embedding model reference: ${JSON.stringify(model)}`,
    );
  }
}

/** The space of `model`, if vectors were ever stored for it. */
export function findEmbeddingSpace(db: Db, model: EmbeddingModelRef): EmbeddingSpace | undefined {
  assertModel(model);
  const row = prepared(
    db,
    'SELECT id, model_id, model_sha256, dimensions FROM embedding_spaces WHERE model_id = ? AND model_sha256 = ?',
  ).get(model.id, model.sha256) as SpaceRow | undefined;
  if (!row) return undefined;
  if (row.dimensions !== model.dimensions) {
    throw new DocumentIndexError(
      'invalid_model',
      `Model ${model.id} makes ${row.dimensions}-dimensional vectors, not ${model.dimensions}`,
    );
  }
  return toSpace(row);
}

/** Every embedding space, oldest first. */
export function listEmbeddingSpaces(db: Db): EmbeddingSpace[] {
  return (
    prepared(
      db,
      'SELECT id, model_id, model_sha256, dimensions FROM embedding_spaces ORDER BY id',
    ).all() as SpaceRow[]
  ).map(toSpace);
}

/**
 * The space of `model`, created with its vec0 tables on first use. In both, the collection is
 * the PARTITION KEY, so a KNN query constrained on it reads only those collections' vectors
 * (https://alexgarcia.xyz/sqlite-vec/features/vec0.html#partition-keys). No model metadata
 * column: the tables themselves are per model.
 * - `chunk_vectors_<id>`: float32, cosine; exact KNN and the re-scoring of candidates. Its
 *   chunk_size is 32, not 1024: reading one vector by id walks its chunk's overflow pages,
 *   so a point lookup costs ~460 µs with 1024 vectors of 384 floats per chunk and ~30 µs
 *   with 32, while a full scan gets only ~15% slower (measured, README).
 * - `chunk_bits_<id>` (dimension divisible by 8): the sign bits (`vec_quantize_binary`) for
 *   the Hamming first pass, in large chunks, which scan fastest.
 */
export function ensureEmbeddingSpace(db: Db, model: EmbeddingModelRef, now: number): EmbeddingSpace {
  const existing = findEmbeddingSpace(db, model);
  if (existing) return existing;
  // IMMEDIATE, and looked up again inside: another process may have created it meanwhile.
  return db
    .transaction(() => {
      const raced = findEmbeddingSpace(db, model);
      if (raced) return raced;
      const info = prepared(
        db,
        'INSERT INTO embedding_spaces (model_id, model_sha256, dimensions, created_at) VALUES (?, ?, ?, ?)',
      ).run(model.id, model.sha256, model.dimensions, now);
      const space = toSpace({
        id: Number(info.lastInsertRowid),
        model_id: model.id,
        model_sha256: model.sha256,
        dimensions: model.dimensions,
      });
      const d = space.dimensions;
      db.exec(`CREATE VIRTUAL TABLE ${space.table} USING vec0(
      chunk_id INTEGER PRIMARY KEY, collection TEXT PARTITION KEY,
      embedding FLOAT[${d}] distance_metric=cosine, chunk_size=32)`);
      if (space.binary) {
        db.exec(`CREATE VIRTUAL TABLE ${space.bitsTable} USING vec0(
        chunk_id INTEGER PRIMARY KEY, collection TEXT PARTITION KEY, embedding_bits BIT[${d}])`);
      }
      return space;
    })
    .immediate();
}

/**
 * Drops a space and its vectors (after a model change, once the new space is complete).
 * One transaction: the registry row, the completeness rows and the vec0 table go together.
 */
export function dropEmbeddingSpace(db: Db, space: EmbeddingSpace): void {
  db.transaction(() => {
    prepared(db, 'DELETE FROM document_embeddings WHERE space_id = ?').run(space.id);
    prepared(db, 'DELETE FROM embedding_spaces WHERE id = ?').run(space.id);
    db.exec(`DROP TABLE IF EXISTS ${space.table}`);
    db.exec(`DROP TABLE IF EXISTS ${space.bitsTable}`);
  }).immediate();
}

/**
 * The vector as float32 bytes, refusing a wrong length, a non-finite component (also after
 * rounding to float32) and the zero vector, whose cosine distance is undefined.
 */
export function vectorBlob(space: Pick<EmbeddingSpace, 'dimensions'>, v: VectorInput): Buffer {
  if (v.length !== space.dimensions) {
    throw new DocumentIndexError(
      'invalid_vector',
      `A vector of length ${v.length} given where ${space.dimensions} is expected`,
    );
  }
  const f = Float32Array.from(v);
  let norm = 0;
  for (const x of f) {
    if (!Number.isFinite(x))
      throw new DocumentIndexError('invalid_vector', 'A vector has a non-finite component');
    norm += x * x;
  }
  if (!(norm > 0) || !Number.isFinite(norm)) {
    throw new DocumentIndexError('invalid_vector', 'A vector has no direction (zero or overflowing length)');
  }
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Writes vectors; the caller holds the transaction that also writes their chunks. */
export function insertVectors(
  db: Db,
  space: EmbeddingSpace,
  rows: readonly { chunkId: number; collection: string; blob: Buffer }[],
): void {
  const floats = prepared(
    db,
    `INSERT INTO ${space.table} (chunk_id, collection, embedding) VALUES (?, ?, ?)`,
  );
  const bits = space.binary
    ? prepared(
        db,
        `INSERT INTO ${space.bitsTable} (chunk_id, collection, embedding_bits) VALUES (?, ?, vec_quantize_binary(?))`,
      )
    : undefined;
  for (const r of rows) {
    floats.run(BigInt(r.chunkId), r.collection, r.blob);
    bits?.run(BigInt(r.chunkId), r.collection, r.blob);
  }
}

/**
 * Deletes the vectors of these chunks from every space (or the given ones); the caller holds the transaction that
 * deletes the chunks. One point delete per chunk and space: a `chunk_id IN (...)` delete on a
 * vec0 table would scan it. sqlite-vec 0.1.9 zeroes the deleted vector's bytes in its chunk
 * blob and drops emptied chunks (checked in documents.test.ts).
 */
export function deleteVectors(
  db: Db,
  chunkIds: readonly number[],
  spaces: readonly EmbeddingSpace[] = listEmbeddingSpaces(db),
): void {
  if (chunkIds.length === 0) return;
  for (const space of spaces) {
    for (const table of space.binary ? [space.table, space.bitsTable] : [space.table]) {
      const stmt = prepared(db, `DELETE FROM ${table} WHERE chunk_id = ?`);
      for (const id of chunkIds) stmt.run(BigInt(id));
    }
  }
}
