import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { storeDocumentChunks } from '../../storage/chunks.js';
import { type Db, openDatabase } from '../../storage/db.js';
import { createDocument, type DocumentRow } from '../../storage/documents.js';
import { DocumentIndexError } from '../../storage/documentsErrors.js';
import { type EmbeddingModelRef, type EmbeddingSpace, ensureEmbeddingSpace } from '../../storage/vectors.js';

/** An 8-dimensional test "model" (binary quantization needs a multiple of 8). */
export const TEST_MODEL: EmbeddingModelRef = Object.freeze({
  id: 'test-embed',
  sha256: 'a'.repeat(64),
  dimensions: 8,
});

/** A fresh in-memory database with every migration applied. */
export function openTestDb(): Db {
  return openDatabase(':memory:', 1);
}

/** Lowercase hex SHA-256 of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A unit vector along axis `i` of `dims`, optionally tilted towards axis `j`. */
export function axis(i: number, dims = 8, tilt?: { j: number; by: number }): number[] {
  const v = new Array<number>(dims).fill(0);
  v[i] = 1;
  if (tilt) v[tilt.j] = tilt.by;
  return v;
}

/** Creates a document and stores its chunks (one per text) with the given vectors. */
export function addDocument(
  db: Db,
  opts: {
    collection: string;
    texts: readonly string[];
    vectors?: readonly (readonly number[])[];
    space?: EmbeddingSpace;
    id?: string;
    now?: number;
    pages?: readonly (number | null)[];
  },
): { doc: DocumentRow; chunkIds: number[]; space: EmbeddingSpace } {
  const now = opts.now ?? 1000;
  const space = opts.space ?? ensureEmbeddingSpace(db, TEST_MODEL, now);
  const id = opts.id ?? randomUUID();
  const made = createDocument(db, {
    id,
    collection: opts.collection,
    source_name: `${id}.txt`,
    media_type: 'text/plain',
    size_bytes: opts.texts.join('\n').length,
    sha256: sha256(`${opts.collection}\n${id}\n${opts.texts.join('\n')}`),
    uploaded_by: null,
    created_at: now,
  });
  if (!made.created) throw new Error('fixture document unexpectedly a duplicate');
  const chunkIds = storeDocumentChunks(db, {
    documentId: id,
    space,
    now,
    chunks: opts.texts.map((text, i) => ({
      text,
      page: opts.pages?.[i] ?? null,
      section: null,
      tokens: text.split(/\s+/).length,
      vector: opts.vectors?.[i] ?? axis(i % space.dimensions, space.dimensions),
    })),
  });
  return { doc: { ...made.document, status: 'done' }, chunkIds, space };
}

/**
 * Row counts of every table in the database, shadow tables of FTS5 and vec0 included (they
 * are ordinary tables in sqlite_master), so a test can compare before and after.
 * sqlite_sequence is left out: it holds AUTOINCREMENT high-water marks, which never go down.
 */
export function countRows(db: Db): Record<string, number> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name <> 'sqlite_sequence' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n,
    ]),
  );
}

/** True when some BLOB or TEXT cell of any table contains these bytes (data-remanence checks). */
export function anyCellContains(db: Db, needle: Buffer): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    .all() as { name: string }[];
  const hits: string[] = [];
  for (const { name } of tables) {
    for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Record<
      string,
      unknown
    >[]) {
      for (const [col, v] of Object.entries(row)) {
        const bytes = Buffer.isBuffer(v) ? v : typeof v === 'string' ? Buffer.from(v) : null;
        if (bytes?.includes(needle)) hits.push(`${name}.${col}`);
      }
    }
  }
  return hits;
}

/** The reason code of the DocumentIndexError that `fn` throws (fails the test otherwise). */
export function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentIndexError);
    return (err as DocumentIndexError).reason;
  }
  throw new Error('expected a DocumentIndexError');
}
