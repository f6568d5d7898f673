import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDocument, openTestDb } from '../retrieval/test-support/index.js';
import { ftsMatchExpression, MAX_QUERY_TERMS, searchChunkText } from './chunksText.js';
import type { Db } from './db.js';
import { searchableCollections } from './documentsCollections.js';

let db: Db;
beforeEach(() => {
  db = openTestDb();
});
afterEach(() => db.close());

describe('ftsMatchExpression', () => {
  it('quotes every term and joins them with OR', () => {
    expect(ftsMatchExpression(['hand', 'hygiene'])).toBe('"hand" OR "hygiene"');
    expect(ftsMatchExpression(['say "hi"'])).toBe('"say ""hi"""');
    expect(ftsMatchExpression(['a', 'a', ' ', ''])).toBe('"a"');
    expect(ftsMatchExpression(['a OR b', 'c'])).toBe('"a OR b" OR "c"');
    expect(ftsMatchExpression(['a\u0000b', '\u0000'])).toBe('"a b"');
    expect(ftsMatchExpression([])).toBeNull();
    expect(ftsMatchExpression(Array.from({ length: 100 }, (_, i) => `t${i}`))?.split(' OR ')).toHaveLength(
      MAX_QUERY_TERMS,
    );
  });

  it('turns FTS5 syntax in terms into literal text, never a syntax error', () => {
    addDocument(db, { collection: 'a', texts: ['near the text column', 'NOT and OR words'] });
    const a = searchableCollections(db, ['a']);
    const hostile = [
      '"',
      '""',
      '"unbalanced',
      'NEAR(near text, 2)',
      'near',
      'text:column',
      '{text}: near',
      '(((',
      ')',
      'col*',
      '*',
      '-near',
      '^near',
      '+',
      'NOT',
      'AND',
      'OR',
      "'; DROP TABLE chunks; --",
      'a\u0000b',
      '\u202e',
    ];
    for (const term of hostile) {
      expect(() => searchChunkText(db, [term], a, 10), term).not.toThrow();
    }
    // Operators are plain words: "NOT" finds the chunk that contains the word "not".
    expect(searchChunkText(db, ['NOT'], a, 10)).toHaveLength(1);
    // A column filter is not one: "text:column" is the two words, found in the first chunk.
    expect(searchChunkText(db, ['text:column'], a, 10)).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM chunks').get()).toEqual({ n: 2 });
  });
});

describe('searchChunkText', () => {
  it('ranks by BM25 within the given collections only, stems and folds accents', () => {
    const a = addDocument(db, {
      collection: 'a',
      texts: ['Hand washing before procedures', 'Visitor policy of the café', 'Fire drill schedule'],
    });
    addDocument(db, { collection: 'b', texts: ['hand hand hand washing washing'] });
    const hits = searchChunkText(db, ['washed', 'hands', 'cafe'], searchableCollections(db, ['a']), 10);
    expect(hits.map((h) => h.chunkId).sort()).toEqual([a.chunkIds[0], a.chunkIds[1]].sort());
    expect(hits.every((h) => h.collection === 'a')).toBe(true);
    expect(searchChunkText(db, ['hand'], [], 10)).toEqual([]);
  });

  it('drops terms found in half the rows or more (zero IDF), unless nothing else is left', () => {
    const a = addDocument(db, {
      collection: 'a',
      texts: ['ward policy one', 'ward policy two', 'ward rota', 'fire exit plan'],
    });
    const c = searchableCollections(db, ['a']);
    // "ward" (3 of 4 rows) cannot move a score: rows matching only it are not returned.
    expect(searchChunkText(db, ['ward', 'fire'], c, 10).map((h) => h.chunkId)).toEqual([a.chunkIds[3]]);
    expect(
      searchChunkText(db, ['ward', 'policy'], c, 10)
        .map((h) => h.chunkId)
        .sort(),
    ).toEqual([a.chunkIds[0], a.chunkIds[1]].sort()); // both in half the rows: the rarer is kept
    // Only common words: the rarest is kept, and every row that has it is found.
    expect(searchChunkText(db, ['ward'], c, 10)).toHaveLength(3);
    expect(searchChunkText(db, ['ward', 'nothing'], c, 10)).toHaveLength(3);
  });

  it('keeps the rarest terms within the postings budget, at least one', () => {
    const texts = [
      ...Array.from({ length: 6 }, (_, i) => `alpha note ${i}`),
      ...Array.from({ length: 3 }, (_, i) => `beta note ${i}`),
      'gamma note',
      ...Array.from({ length: 10 }, (_, i) => `filler ${i}`),
    ];
    addDocument(db, { collection: 'a', texts });
    const c = searchableCollections(db, ['a']);
    const n = (budget: number) => searchChunkText(db, ['alpha', 'beta', 'gamma'], c, 50, budget).length;
    expect(n(100)).toBe(10); // all three terms: 6 + 3 + 1 postings
    expect(n(4)).toBe(4); // gamma (1) and beta (3)
    expect(n(1)).toBe(1); // gamma only
    expect(n(0)).toBe(1); // still the rarest one
  });

  it('scores only the first max(budget, limit) rows of a term above the budget', () => {
    // Eight rows with "common"; the last has it three times, so it is the best BM25 match.
    const texts = [
      ...Array.from({ length: 7 }, (_, i) => `common note ${i}`),
      'common common common',
      ...Array.from({ length: 12 }, (_, i) => `filler ${i}`),
    ];
    const doc = addDocument(db, { collection: 'a', texts });
    const c = searchableCollections(db, ['a']);
    const best = doc.chunkIds[7];
    expect(searchChunkText(db, ['common'], c, 2, 100)[0]?.chunkId).toBe(best);
    // Budget 3 < 8 postings: the first three rows are scored, the best two of them returned.
    const bounded = searchChunkText(db, ['common'], c, 2, 3).map((h) => h.chunkId);
    expect(bounded).toHaveLength(2);
    expect(bounded.every((id) => doc.chunkIds.slice(0, 3).includes(id))).toBe(true);
  });

  it("scores a collection's chunks by its own statistics: other collections cannot shift them", () => {
    // BM25's IDF over one shared index would count rows of collections the caller cannot
    // read: adding "rare" to hr would lower the score of the handbook's chunk and reveal it.
    const hb = addDocument(db, {
      collection: 'handbook',
      texts: ['rare disease', 'common words here', 'other words'],
    });
    const handbook = searchableCollections(db, ['handbook']);
    const before = searchChunkText(db, ['rare', 'common'], handbook, 10);
    addDocument(db, { collection: 'hr', texts: Array.from({ length: 50 }, (_, i) => `rare case ${i}`) });
    const after = searchChunkText(db, ['rare', 'common'], handbook, 10);
    expect(after).toEqual(before);
    expect(before[0]?.chunkId).toBe(hb.chunkIds[0]);
  });
});
