import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../storage/db.js';
import { deleteCollectionStep } from '../storage/documentsCollections.js';
import { DocumentIndexError } from '../storage/documentsErrors.js';
import { type SearchRequest, search } from './search.js';
import { addDocument, axis, openTestDb, TEST_MODEL } from './test-support/index.js';

let db: Db;
let secretIds: number[];
let handbookIds: number[];

// The secret collection holds the best matches of every kind for the query: exact vector
// matches and the query's words many times over. The handbook has weaker matches only.
const QUERY = { model: TEST_MODEL, vector: axis(0) };
const QUERY_TEXT = 'salary disciplinary hearing';

beforeEach(() => {
  db = openTestDb();
  // (Unrelated filler too: BM25 gives no weight to a word found in most of a collection.)
  secretIds = addDocument(db, {
    collection: 'hr-secret',
    texts: [
      ...Array.from(
        { length: 12 },
        (_, i) => `Salary disciplinary hearing ${i}: salary, hearing, disciplinary.`,
      ),
      ...Array.from({ length: 28 }, (_, i) => `Car park permit number ${i}.`),
    ],
    vectors: [...Array.from({ length: 12 }, () => axis(0)), ...Array.from({ length: 28 }, () => axis(7))],
  }).chunkIds.slice(0, 12);
  handbookIds = addDocument(db, {
    collection: 'handbook',
    texts: [
      'Hand hygiene before and after each patient contact.',
      'A hearing loop is available at the main reception.',
      'Fire doors must be kept closed; disciplinary action follows.',
      'Annual leave requests go to the ward manager.',
      'Salary questions: see the payroll office.',
    ],
    vectors: [
      axis(1),
      axis(2, 8, { j: 0, by: 0.3 }),
      axis(3),
      axis(4, 8, { j: 0, by: 0.1 }),
      axis(5, 8, { j: 0, by: 0.5 }),
    ],
    pages: [1, 2, 3, 4, 5],
  }).chunkIds;
});
afterEach(() => db.close());

const modes: [string, Omit<SearchRequest, 'allowedCollections'>][] = [
  ['vector (exact)', { query: QUERY, quantization: 'exact' }],
  ['vector (binary + re-score)', { query: QUERY, quantization: 'binary', oversample: 2 }],
  ['BM25', { queryText: QUERY_TEXT }],
  ['hybrid', { query: QUERY, queryText: QUERY_TEXT }],
  ['hybrid + MMR', { query: QUERY, queryText: QUERY_TEXT, mmr: { lambda: 0.5 } }],
];

describe('permission: only allowed collections, inside the queries', () => {
  it.each(modes)('%s: a reader of the handbook never receives an hr-secret passage', (_name, req) => {
    const results = search(db, { ...req, allowedCollections: ['handbook'], k: 3 });
    expect(results.length).toBe(3); // filtered inside: the secret matches did not eat the k slots
    for (const r of results) {
      expect(r.collection).toBe('handbook');
      expect(handbookIds).toContain(r.chunkId);
      expect(secretIds).not.toContain(r.chunkId);
    }
    // The same search with the grant finds the secret passages first: the test can fail.
    const both = search(db, { ...req, allowedCollections: ['handbook', 'hr-secret'], k: 3 });
    expect(both.map((r) => r.collection)).toContain('hr-secret');
  });

  it.each(modes)(
    '%s: an empty allowed list, or names that are not collections, find nothing',
    (_name, req) => {
      for (const allowedCollections of [
        [],
        ['*'],
        ['%'],
        ["handbook' OR '1'='1"],
        ['HR-SECRET'],
        ['hr-secret '],
      ]) {
        expect(search(db, { ...req, allowedCollections, k: 5 })).toEqual([]);
      }
    },
  );

  it('hides a collection as soon as its deletion starts', () => {
    const req = { query: QUERY, queryText: QUERY_TEXT, allowedCollections: ['handbook', 'hr-secret'], k: 20 };
    expect(search(db, req).some((r) => r.collection === 'hr-secret')).toBe(true);
    deleteCollectionStep(db, 'hr-secret', 5, { maxChunks: 1 });
    const after = search(db, req);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.collection === 'handbook')).toBe(true);
  });
});

describe('search results', () => {
  it('carry what a citation needs, ranked by fused score', () => {
    const results = search(db, {
      query: QUERY,
      queryText: 'salary payroll',
      allowedCollections: ['handbook'],
      k: 5,
    });
    expect(results[0]).toMatchObject({
      chunkId: handbookIds[4],
      collection: 'handbook',
      text: 'Salary questions: see the payroll office.',
      page: 5,
      section: null,
      seq: 4,
      vectorRank: 1,
      textRank: 1,
    });
    expect(results[0]?.sourceName).toMatch(/\.txt$/);
    const scores = results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('uses one side when the other has no input, weight or space', () => {
    const textOnly = search(db, { queryText: 'fire doors', allowedCollections: ['handbook'] });
    expect(textOnly.map((r) => r.chunkId)).toEqual([handbookIds[2]]);
    expect(textOnly[0]?.vectorRank).toBeNull();
    const vectorOff = search(db, {
      query: QUERY,
      queryText: 'fire doors',
      allowedCollections: ['handbook'],
      weights: { vector: 0 },
    });
    expect(vectorOff.map((r) => r.chunkId)).toEqual([handbookIds[2]]);
    const unknownModel = { ...QUERY, model: { id: 'other', sha256: 'f'.repeat(64), dimensions: 8 } };
    expect(
      search(db, { query: unknownModel, queryText: 'fire doors', allowedCollections: ['handbook'] }),
    ).toHaveLength(1);
    expect(
      search(db, { query: QUERY, allowedCollections: ['handbook'], k: 2 }).map((r) => r.chunkId),
    ).toEqual([handbookIds[4], handbookIds[1]]);
  });

  it('diversifies with MMR: a near-duplicate gives way to a different passage', () => {
    addDocument(db, {
      collection: 'dup',
      texts: ['visiting hours are 10 to 20', 'visiting hours are 10 to 20 daily', 'parking for visitors'],
      vectors: [axis(0), axis(0, 8, { j: 1, by: 0.01 }), axis(0, 8, { j: 2, by: 1 })],
    });
    const plain = search(db, { query: QUERY, allowedCollections: ['dup'], k: 2 });
    expect(plain.map((r) => r.seq)).toEqual([0, 1]);
    const diverse = search(db, { query: QUERY, allowedCollections: ['dup'], k: 2, mmr: { lambda: 0.5 } });
    expect(diverse.map((r) => r.seq)).toEqual([0, 2]);
  });

  it('never turns hostile query text into an FTS5 or SQL error', () => {
    const hostile = [
      '"',
      '"""',
      'NEAR(salary hearing, 1)',
      'text:salary',
      '{text}:salary',
      'salary*',
      '-salary',
      '^salary',
      'salary AND',
      'OR OR OR',
      '((salary',
      'salary))',
      "'; DROP TABLE chunks; --",
      '\u0000salary',
      '',
      '   ',
      '🙂 ∑ ⟨⟩',
      'x'.repeat(100_000),
    ];
    for (const queryText of hostile) {
      const results = search(db, { queryText, allowedCollections: ['handbook'] });
      expect(
        results.every((r) => r.collection === 'handbook'),
        queryText.slice(0, 20),
      ).toBe(true);
    }
    expect(
      search(db, { queryText: 'text:salary', allowedCollections: ['handbook'] }).map((r) => r.chunkId),
    ).toEqual([handbookIds[4]]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM chunks').get()).toEqual({ n: 45 });
  });

  it('refuses parameters out of range with invalid_search', () => {
    const bad: Partial<SearchRequest>[] = [
      { k: 0 },
      { k: 201 },
      { k: 1.5 },
      { k: 10, candidates: 5 },
      { candidates: 5000 },
      { weights: { vector: -1 } },
      { weights: { text: Number.NaN } },
      { rrfK: -1 },
      { mmr: { lambda: 2 } },
      { mmr: { lambda: Number.NaN } },
      { oversample: 0.5 },
    ];
    for (const b of bad) {
      try {
        search(db, { queryText: 'x', allowedCollections: ['handbook'], ...b });
        expect.unreachable(JSON.stringify(b));
      } catch (err) {
        expect((err as DocumentIndexError).reason, JSON.stringify(b)).toBe('invalid_search');
      }
    }
    expect(() =>
      search(db, { query: { model: TEST_MODEL, vector: [1, 2] }, allowedCollections: ['handbook'] }),
    ).toThrow(DocumentIndexError);
  });
});
