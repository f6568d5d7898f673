/**
 * Retrieval benchmark (issue 7). Run with `npm run bench:rag [-- --chunks 100000,1000000 ...]`;
 * prints one JSON object per size with:
 *   - chunk insert throughput through `storeDocumentChunks` (chunks, FTS rows and vectors, one
 *     transaction per 100-chunk document), data generation excluded;
 *   - vector KNN latency p50/p99 with a collection filter (default 3 of 10 collections, and
 *     all 10), exact float search and binary first pass + exact re-scoring side by side, with
 *     the ratio, and recall@10 of the latter against the former for several oversampling
 *     factors (target ≥ 0.95);
 *   - `search()` latency, BM25 alone and hybrid (KNN in `auto` mode + BM25 + RRF + reading
 *     the chunks back);
 *   - at sizes ≤ --compare-up-to: the same filter as a vec0 metadata column instead of the
 *     partition key (latency and agreement);
 *   - deleting one collection in `deleteCollectionStep` batches: chunks/s and the longest step.
 * Targets: p50 ≤ 50 ms at 100,000 chunks and ≤ 150 ms at 1,000,000, on one core.
 * Data: 384-dimensional unit vectors around 1,000 random centres, each at its own distance
 * from its centre (so neighbours are graded, not equidistant), and Zipf-distributed text over
 * 20,000 generated words. Seeded: runs are repeatable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { search } from '../../server/retrieval/search.js';
import { storeDocumentChunks } from '../../server/storage/chunks.js';
import { openDatabase } from '../../server/storage/db.js';
import { createDocument } from '../../server/storage/documents.js';
import { deleteCollectionStep } from '../../server/storage/documentsCollections.js';
import { type EmbeddingSpace, ensureEmbeddingSpace } from '../../server/storage/vectors.js';
import { knnBinaryRescored, knnExact, type VectorHit } from '../../server/storage/vectorsSearch.js';
import { ingestionThroughput } from './ingest.js';
import { percentile, round } from './stats.js';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '100000' },
    dims: { type: 'string', default: '384' },
    collections: { type: 'string', default: '10' },
    allowed: { type: 'string', default: '3' },
    queries: { type: 'string', default: '200' },
    k: { type: 'string', default: '10' },
    oversample: { type: 'string', default: '4,10,20' },
    'compare-up-to': { type: 'string', default: '200000' },
  },
});
const DIMS = Number(values.dims);
const N_COLLECTIONS = Number(values.collections);
const N_ALLOWED = Number(values.allowed);
const N_QUERIES = Number(values.queries);
const K = Number(values.k);
const OVERSAMPLES = values.oversample.split(',').map(Number);
const CHUNKS_PER_DOC = 100;
const CENTRES = 1000;

// mulberry32: a small seeded PRNG, so that every run builds the same data.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
function gauss(): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * s;
  return v;
}
const centres = Array.from({ length: CENTRES }, () => unit(Float32Array.from({ length: DIMS }, gauss)));
// A point around a random centre at a random spread (0.3 to 1.3 of the centre's length).
function around(): Float32Array {
  const c = centres[Math.floor(rand() * CENTRES)] as Float32Array;
  const spread = (0.3 + rand()) / Math.sqrt(DIMS);
  return unit(Float32Array.from(c, (x) => x + spread * gauss()));
}

const VOCAB = Array.from({ length: 20_000 }, (_, i) => {
  const syll = ['ka', 'lo', 'mi', 'ne', 'tu', 'ra', 'shi', 'po', 'de', 'vu', 'zen', 'or'];
  let w = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / 12)) w += syll[n % 12];
  return w;
});
// Zipf(1) by inverse CDF over the vocabulary ranks (binary search in the cumulative sums).
const CDF = VOCAB.reduce<number[]>((acc, _, i) => {
  acc.push((acc[i - 1] ?? 0) + 1 / (i + 1));
  return acc;
}, []);
function zipfWord(): string {
  const u = rand() * (CDF[CDF.length - 1] as number);
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CDF[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo] as string;
}
const sentence = (n: number) => Array.from({ length: n }, zipfWord).join(' ');

// Wall time per call, and the process's CPU time per call: this machine's two cores are
// shared, and CPU time is what one query costs one core, whatever else runs.
interface Timed<T> {
  value: T;
  ms: number;
  cpuMs: number;
}
function timed<T>(fn: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}
function stats(runs: Timed<unknown>[]) {
  const ms = runs.map((r) => r.ms);
  return {
    p50_ms: round(percentile(ms, 50), 2),
    p99_ms: round(percentile(ms, 99), 2),
    cpu_p50_ms: round(
      percentile(
        runs.map((r) => r.cpuMs),
        50,
      ),
      2,
    ),
  };
}
const blob = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const recall = (got: VectorHit[], truth: VectorHit[]) => {
  const t = new Set(truth.map((h) => h.chunkId));
  return got.filter((h) => t.has(h.chunkId)).length / Math.max(1, truth.length);
};

function runSize(total: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-rag-'));
  const db = openDatabase(path.join(dir, 'rag.db'));
  const model = { id: 'bench-embed', sha256: '0'.repeat(64), dimensions: DIMS };
  const space: EmbeddingSpace = ensureEmbeddingSpace(db, model, 0);
  const names = Array.from({ length: N_COLLECTIONS }, (_, i) => `c${i}`);

  let insertMs = 0;
  for (let d = 0; d * CHUNKS_PER_DOC < total; d++) {
    const id = `doc${d}`;
    const collection = names[d % N_COLLECTIONS] as string;
    const n = Math.min(CHUNKS_PER_DOC, total - d * CHUNKS_PER_DOC);
    const chunks = Array.from({ length: n }, () => ({
      text: sentence(40),
      page: null,
      section: null,
      tokens: 40,
      vector: around(),
    }));
    insertMs += timed(() => {
      createDocument(db, {
        id,
        collection,
        source_name: `${id}.txt`,
        media_type: 'text/plain',
        size_bytes: 0,
        sha256: id.padStart(64, '0').replace(/[^0-9a-f]/g, 'a'),
        uploaded_by: null,
        created_at: d,
      });
      storeDocumentChunks(db, { documentId: id, space, chunks, now: d });
    }).ms;
  }

  const queries = Array.from({ length: N_QUERIES }, () => ({ vector: around(), text: sentence(4) }));
  const filters = { [`${N_ALLOWED}_of_${N_COLLECTIONS}`]: names.slice(0, N_ALLOWED), all: names };
  const knn: Record<string, unknown> = {};
  for (const [label, allowed] of Object.entries(filters)) {
    // One warm-up pass per mode (statement preparation, page cache), then the timed one.
    const exact = queries.map((q) => knnExact(db, space, blob(q.vector), allowed, K));
    const exactRuns = queries.map((q) => timed(() => knnExact(db, space, blob(q.vector), allowed, K)));
    const exactMs = exactRuns.map((r) => r.ms);
    const binary: Record<string, unknown> = {};
    for (const os of OVERSAMPLES) {
      for (const q of queries) knnBinaryRescored(db, space, blob(q.vector), allowed, K, K * os);
      const runs = queries.map((q) =>
        timed(() => knnBinaryRescored(db, space, blob(q.vector), allowed, K, K * os)),
      );
      const r = runs.map((run, i) => recall(run.value, exact[i] as VectorHit[]));
      binary[`oversample_${os}`] = {
        ...stats(runs),
        speedup_p50: round(
          percentile(exactMs, 50) /
            percentile(
              runs.map((x) => x.ms),
              50,
            ),
          1,
        ),
        recall_at_10: round(r.reduce((a, b) => a + b, 0) / r.length, 3),
      };
    }
    const textRuns = queries.map((q) =>
      timed(() => search(db, { allowedCollections: allowed, queryText: q.text, k: K })),
    );
    const hybridRuns = queries.map((q) =>
      timed(() =>
        search(db, {
          allowedCollections: allowed,
          queryText: q.text,
          query: { model, vector: q.vector },
          k: K,
        }),
      ),
    );
    knn[label] = {
      share_of_chunks: round(allowed.length / N_COLLECTIONS, 2),
      exact_float: stats(exactRuns),
      binary_then_rescore: binary,
      bm25_search: stats(textRuns),
      hybrid_search_auto: stats(hybridRuns),
    };
  }

  let filterComparison: unknown;
  if (total <= Number(values['compare-up-to'])) {
    // The same vectors with the collection as a metadata column instead of the partition key.
    db.exec(`CREATE VIRTUAL TABLE bench_meta USING vec0(chunk_id INTEGER PRIMARY KEY, collection TEXT,
      embedding FLOAT[${DIMS}] distance_metric=cosine)`);
    db.exec(
      `INSERT INTO bench_meta (chunk_id, collection, embedding) SELECT chunk_id, collection, embedding FROM ${space.table}`,
    );
    const allowed = filters[`${N_ALLOWED}_of_${N_COLLECTIONS}`] as string[];
    const stmt = db.prepare(`SELECT chunk_id AS chunkId, distance FROM bench_meta
      WHERE embedding MATCH ? AND k = ? AND collection IN (SELECT value FROM json_each(?))`);
    const meta = (q: Float32Array) => stmt.all(blob(q), K, JSON.stringify(allowed)) as VectorHit[];
    for (const q of queries) meta(q.vector);
    const metaRuns = queries.map((q) => timed(() => meta(q.vector)));
    const partRuns = queries.map((q) => timed(() => knnExact(db, space, blob(q.vector), allowed, K)));
    const agree = metaRuns.map((m, i) =>
      recall(m.value, knnExact(db, space, blob((queries[i] as { vector: Float32Array }).vector), allowed, K)),
    );
    filterComparison = {
      filter: `${N_ALLOWED}_of_${N_COLLECTIONS}`,
      partition_key_exact: stats(partRuns),
      metadata_column_exact: stats(metaRuns),
      same_results: round(agree.reduce((a, b) => a + b, 0) / agree.length, 3),
    };
    db.exec('DROP TABLE bench_meta');
  }

  const steps: number[] = [];
  let deleted = 0;
  for (let done = false; !done; ) {
    const step = timed(() => deleteCollectionStep(db, names[N_COLLECTIONS - 1] as string, 1));
    steps.push(step.ms);
    deleted += step.value.chunks;
    done = step.value.done;
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    chunks: total,
    insert_chunks_per_s: Math.round(total / (insertMs / 1000)),
    knn,
    filter_comparison: filterComparison ?? 'skipped (size above --compare-up-to)',
    delete_collection: {
      chunks: deleted,
      chunks_per_s: Math.round(deleted / (steps.reduce((a, b) => a + b, 0) / 1000)),
      longest_step_ms: round(Math.max(...steps), 1),
      max_chunks_per_step: 1000,
    },
  };
}

const ingestion = await ingestionThroughput(sentence);
const sizes = values.chunks.split(',').map(Number);
const results = sizes.map(runSize);
console.log(
  JSON.stringify(
    {
      node: process.version,
      dims: DIMS,
      k: K,
      collections: N_COLLECTIONS,
      queries: N_QUERIES,
      targets: { p50_ms_100k: 50, p50_ms_1m: 150, recall_at_10: 0.95 },
      ingestion_excluding_embedding: ingestion,
      results,
    },
    null,
    2,
  ),
);
