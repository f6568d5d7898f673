import type { Db } from './db.js';
import { DocumentIndexError } from './documentsErrors.js';
import { prepared } from './statements.js';

/** A collection that search may read: its name and the id that names its tables. */
export interface SearchableCollection {
  id: number;
  name: string;
}

/** One BM25 match. FTS5's bm25() is negative; lower is better. */
export interface TextHit {
  chunkId: number;
  collection: string;
  bm25: number;
}

/** At most this many terms reach FTS5: each is one more posting list to walk. */
export const MAX_QUERY_TERMS = 32;

/** The FTS5 table of a collection; the name is built from an integer id only. */
export function ftsTable(collectionId: number): string {
  if (!Number.isSafeInteger(collectionId) || collectionId <= 0)
    throw new Error(`bad collection id ${collectionId}`);
  return `chunks_fts_${collectionId}`;
}

/**
 * Creates a collection's text index. Contentless with `contentless_delete=1` (SQLite ≥ 3.43):
 * the text stays in `chunks` only, and a row is deleted by rowid alone, so a wrong copy of
 * the old text can never corrupt the index as it can with external-content 'delete'
 * (https://sqlite.org/fts5.html#contentless_delete_tables). porter stems English words;
 * unicode61 with remove_diacritics 2 folds accents, so "cafe" finds "café".
 */
export function createTextIndex(db: Db, collectionId: number): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${ftsTable(collectionId)} USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2')`);
}

/** Drops a collection's text index (the last step of deleting the collection). */
export function dropTextIndex(db: Db, collectionId: number): void {
  db.exec(`DROP TABLE IF EXISTS ${ftsTable(collectionId)}`);
}

/** Indexes chunk text; the caller holds the transaction that inserts the chunks. */
export function indexChunkText(
  db: Db,
  collectionId: number,
  rows: readonly { chunkId: number; text: string }[],
): void {
  const stmt = prepared(db, `INSERT INTO ${ftsTable(collectionId)} (rowid, text) VALUES (?, ?)`);
  for (const r of rows) stmt.run(r.chunkId, r.text);
}

/** Removes chunks from the text index; the caller holds the transaction that deletes them. */
export function unindexChunks(db: Db, collectionId: number, chunkIds: readonly number[]): void {
  const stmt = prepared(db, `DELETE FROM ${ftsTable(collectionId)} WHERE rowid = ?`);
  for (const id of chunkIds) stmt.run(id);
}

/**
 * Merges a collection's index into one segment. A deleted row's postings stay in older
 * segments, masked by tombstones, until FTS5 merges them; run this after deleting documents
 * that must not linger in the file (pair with `PRAGMA secure_delete` for freed pages).
 * Rewrites the whole index: a maintenance step, not one for every deletion.
 */
export function optimizeTextIndex(db: Db, collection: string): boolean {
  const row = prepared(db, 'SELECT id FROM doc_collections WHERE name = ?').get(collection) as
    | { id: number }
    | undefined;
  if (!row) return false;
  const t = ftsTable(row.id);
  db.prepare(`INSERT INTO ${t} (${t}) VALUES ('optimize')`).run();
  return true;
}

/**
 * Each term as an FTS5 string literal (double quotes, inner quotes doubled:
 * https://sqlite.org/fts5.html#fts5_strings): operators, column filters, prefixes and
 * parentheses inside become plain characters for the tokenizer. Distinct, non-blank, at most
 * `MAX_QUERY_TERMS`. FTS5 reads the expression as a C string, so a NUL would end it inside a
 * literal ("unterminated string"): control characters become spaces first.
 */
export function quoteFtsTerms(terms: readonly string[]): string[] {
  const clean = terms.filter((t) => typeof t === 'string').map((t) => t.replace(/\p{Cc}/gu, ' '));
  return [...new Set(clean.filter((t) => t.trim() !== ''))]
    .slice(0, MAX_QUERY_TERMS)
    .map((t) => `"${t.replaceAll('"', '""')}"`);
}

/** An FTS5 query that can only mean "any of these words"; null when no term is left. */
export function ftsMatchExpression(terms: readonly string[]): string | null {
  const quoted = quoteFtsTerms(terms);
  return quoted.length === 0 ? null : quoted.join(' OR ');
}

/** Default bound on the postings one collection's BM25 query scores (see `usefulTerms`). */
export const DEFAULT_POSTINGS_BUDGET = 50_000;

// Which quoted terms to score in one collection's index. Counting a term's rows walks its
// postings without scoring them (about 15× cheaper than scoring), and then:
// 1. FTS5's bm25() floors a term's IDF, log((N − n + 0.5) / (n + 0.5)), at 1e-6 once the term
//    is in half the rows or more (fts5_aux.c, fts5Bm25GetData): such a term cannot move a
//    score, yet its posting list is the longest to score. It is dropped.
// 2. Scoring cost grows with the postings of the terms: the rarest terms (highest IDF) are
//    kept while their postings fit `budget`, at least one always. Only queries made of
//    common words lose their commonest ones, the terms with the least weight in BM25.
// When every term found is of the first kind, the rarest one is kept.
function usefulTerms(
  db: Db,
  table: string,
  collection: string,
  quoted: readonly string[],
  budget: number,
): { terms: string[]; postings: number } {
  const rows = (
    prepared(
      db,
      "SELECT COALESCE(SUM(chunk_count), 0) AS n FROM documents WHERE collection = ? AND status = 'done'",
    ).get(collection) as { n: number }
  ).n;
  const count = prepared(db, `SELECT COUNT(*) AS n FROM ${table} WHERE ${table} MATCH ?`);
  const found = quoted
    .map((q) => ({ q, n: (count.get(q) as { n: number }).n }))
    .filter((t) => t.n > 0)
    .sort((a, b) => a.n - b.n);
  const weighty = found.filter((t) => t.n * 2 < rows);
  if (weighty.length === 0) return { terms: found.slice(0, 1).map((t) => t.q), postings: found[0]?.n ?? 0 };
  const kept: string[] = [];
  let postings = 0;
  for (const t of weighty) {
    if (kept.length > 0 && postings + t.n > budget) break;
    kept.push(t.q);
    postings += t.n;
  }
  return { terms: kept, postings };
}

/**
 * BM25 over the given collections' indexes, best first, at most `limit` (each collection's
 * best `limit`, merged by score), scoring at most about `postingsBudget` postings per index. Each collection is its own index with its own statistics,
 * so rows the caller cannot read neither score nor slow this query. `collections` comes from
 * `searchableCollections` (allowed, existing, not being deleted).
 */
export function searchChunkText(
  db: Db,
  terms: readonly string[],
  collections: readonly SearchableCollection[],
  limit: number,
  postingsBudget: number = DEFAULT_POSTINGS_BUDGET,
): TextHit[] {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new DocumentIndexError('invalid_search', `limit must be an integer from 1 to 10000, got ${limit}`);
  }
  const quoted = quoteFtsTerms(terms);
  if (quoted.length === 0) return [];
  const hits: TextHit[] = [];
  for (const c of collections) {
    const t = ftsTable(c.id);
    const useful = usefulTerms(db, t, c.name, quoted, postingsBudget);
    if (useful.terms.length === 0) continue;
    const expr = useful.terms.join(' OR ');
    // ORDER BY rank (= bm25 by default) with LIMIT lets FTS5 keep only the best rows. When
    // even the rarest term has more postings than the budget (a question of very common
    // words, whose IDF is near zero), only its first max(postingsBudget, limit) rows, in rowid
    // order, are scored: the cost stays bounded (BM25 p99 at 1M chunks was 0.4 to 1.4 s).
    const rows = (
      useful.postings > postingsBudget
        ? prepared(
            db,
            `SELECT chunkId, bm25 FROM (SELECT rowid AS chunkId, rank AS bm25 FROM ${t} WHERE ${t} MATCH ? LIMIT ?)
             ORDER BY bm25 LIMIT ?`,
          ).all(expr, Math.max(postingsBudget, limit), limit)
        : prepared(
            db,
            `SELECT rowid AS chunkId, rank AS bm25 FROM ${t} WHERE ${t} MATCH ? ORDER BY rank LIMIT ?`,
          ).all(expr, limit)
    ) as { chunkId: number; bm25: number }[];
    for (const r of rows) hits.push({ chunkId: r.chunkId, collection: c.name, bm25: r.bm25 });
  }
  hits.sort((a, b) => a.bm25 - b.bm25 || a.chunkId - b.chunkId);
  return hits.slice(0, limit);
}
