import { getChunks } from '../storage/chunks.js';
import { DEFAULT_POSTINGS_BUDGET, searchChunkText } from '../storage/chunksText.js';
import type { Db } from '../storage/db.js';
import { chunkCount, searchableCollections } from '../storage/documentsCollections.js';
import { DocumentIndexError } from '../storage/documentsErrors.js';
import {
  type EmbeddingModelRef,
  findEmbeddingSpace,
  type VectorInput,
  vectorBlob,
} from '../storage/vectors.js';
import { knnBinaryRescored, knnExact, MAX_KNN_K, vectorsOf } from '../storage/vectorsSearch.js';
import { mmrSelect } from './mmr.js';
import { queryTerms } from './queryTerms.js';
import { DEFAULT_RRF_K, reciprocalRankFusion } from './rrf.js';

/** What to search for, and in which collections. */
export interface SearchRequest {
  /**
   * The collections the caller may read, as the policy engine decided for this request.
   * Applied inside the KNN and BM25 queries; an empty list finds nothing.
   */
  readonly allowedCollections: readonly string[];
  /** The question as typed, for BM25 (attacker-controlled; never reaches FTS5 as syntax). */
  readonly queryText?: string;
  /** The question's embedding and the model that made it; the vector side searches that model's space. */
  readonly query?: { readonly model: EmbeddingModelRef; readonly vector: VectorInput };
  /** Results wanted (default 10, at most 200). */
  readonly k?: number;
  /** Weight of each side in the fusion (default 1 each; 0 turns a side off). */
  readonly weights?: { readonly vector?: number; readonly text?: number };
  /** RRF constant (default 60). */
  readonly rrfK?: number;
  /** Candidates taken from each side before fusion (default max(4k, 40), at most 1000). */
  readonly candidates?: number;
  /** Re-rank the fused candidates for diversity; λ in [0, 1], 1 = relevance only. */
  readonly mmr?: { readonly lambda: number };
  /**
   * `exact`: float KNN. `binary`: Hamming first pass over sign bits, exact re-scoring.
   * `auto` (default): binary when the collections hold at least `binaryAbove` chunks.
   */
  readonly quantization?: 'auto' | 'exact' | 'binary';
  /** First-pass candidates per wanted result in `binary` mode (default 10: k × 10 are re-scored). */
  readonly oversample?: number;
  /** Chunk count from which `auto` uses the binary first pass (default 10,000). */
  readonly binaryAbove?: number;
  /** Postings one collection's BM25 query may score (default 50,000; see chunksText.ts). */
  readonly postingsBudget?: number;
}

/** One passage found, with what a citation needs. */
export interface SearchResult {
  chunkId: number;
  documentId: string;
  collection: string;
  /** Fused RRF score (higher is better); rank-based, so comparable only within one search. */
  score: number;
  text: string;
  page: number | null;
  section: string | null;
  sourceName: string;
  /** Position of the chunk in its document (0-based). */
  seq: number;
  /** 1-based rank on the vector side and on the BM25 side; null where that side missed it. */
  vectorRank: number | null;
  textRank: number | null;
}

/**
 * Fusion weights for when the chat model stands in for an embedding model (none cataloged).
 * Measured on the labeled set (README): the demo model's vectors rank no better than chance,
 * and at equal weights RRF lets them reorder BM25's list (nDCG@10 0.97 → 0.66). At 0.01 a
 * vector rank adds at most 0.01/61 ≈ 0.00016: less than the gap between neighbouring BM25
 * ranks in the top 15 (1/(60+r) − 1/(61+r) > 0.00017) and far less than any BM25 match
 * scores, so vectors only break near-ties and order the passages BM25 did not find, after
 * those it did. Measured: nDCG@10 unchanged up to 0.02, lower from 0.03.
 */
export const FALLBACK_EMBEDDING_WEIGHTS = Object.freeze({ vector: 0.01, text: 1 });

function bad(message: string): never {
  throw new DocumentIndexError('invalid_search', message);
}

function nonNegative(x: number | undefined, fallback: number, name: string): number {
  const v = x ?? fallback;
  if (!Number.isFinite(v) || v < 0) bad(`${name} must be a finite number ≥ 0, got ${v}`);
  return v;
}

/**
 * Hybrid retrieval: vector KNN in the query model's space and BM25 over each allowed
 * collection's text index, both restricted to the allowed collections inside their queries,
 * fused by weighted RRF, optionally diversified by MMR, then read back through `getChunks`,
 * which checks the collections once more. Synchronous and short: the query embedding is made
 * before calling.
 */
export function search(db: Db, req: SearchRequest): SearchResult[] {
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 200) bad(`k must be an integer from 1 to 200, got ${k}`);
  const depth = req.candidates ?? Math.max(4 * k, 40);
  if (!Number.isInteger(depth) || depth < k || depth > 1000)
    bad(`candidates must be from k to 1000, got ${depth}`);
  const wVector = nonNegative(req.weights?.vector, 1, 'weights.vector');
  const wText = nonNegative(req.weights?.text, 1, 'weights.text');
  const rrfK = nonNegative(req.rrfK, DEFAULT_RRF_K, 'rrfK');
  const oversample = req.oversample ?? 10;
  if (!Number.isFinite(oversample) || oversample < 1) bad(`oversample must be ≥ 1, got ${oversample}`);
  const lambda = req.mmr?.lambda;
  if (lambda !== undefined && !(lambda >= 0 && lambda <= 1))
    bad(`mmr.lambda must be in [0, 1], got ${lambda}`);

  const collections = searchableCollections(db, req.allowedCollections);
  if (collections.length === 0) return [];
  const names = collections.map((c) => c.name);

  let vectorIds: number[] = [];
  const space = req.query && wVector > 0 ? findEmbeddingSpace(db, req.query.model) : undefined;
  if (req.query && space) {
    const q = vectorBlob(space, req.query.vector);
    const n = Math.min(depth, MAX_KNN_K);
    const mode = req.quantization ?? 'auto';
    const binary =
      mode === 'binary' || (mode === 'auto' && chunkCount(db, collections) >= (req.binaryAbove ?? 10_000));
    // Oversampling serves the k results asked for; the fusion's deeper candidates need no more.
    const hits = binary
      ? knnBinaryRescored(db, space, q, names, n, Math.max(n, k * oversample))
      : knnExact(db, space, q, names, n);
    vectorIds = hits.map((h) => h.chunkId);
  }
  const terms = wText > 0 && req.queryText ? queryTerms(req.queryText) : [];
  const textIds =
    terms.length > 0
      ? searchChunkText(db, terms, collections, depth, req.postingsBudget ?? DEFAULT_POSTINGS_BUDGET).map(
          (h) => h.chunkId,
        )
      : [];

  const fused = reciprocalRankFusion(
    [
      { ids: vectorIds, weight: wVector },
      { ids: textIds, weight: wText },
    ],
    rrfK,
  ).filter((f) => f.score > 0);
  let chosen = fused.slice(0, k);
  if (lambda !== undefined && space) {
    const pool = fused.slice(0, depth);
    const picked = mmrSelect(
      pool.map((f) => ({ id: f.id, relevance: f.score })),
      vectorsOf(
        db,
        space,
        pool.map((f) => f.id),
      ),
      k,
      lambda,
    );
    const byId = new Map(pool.map((f) => [f.id, f]));
    chosen = picked.flatMap((id) => byId.get(id) ?? []);
  }
  const fusedById = new Map(chosen.map((f) => [f.id, f]));
  return getChunks(
    db,
    names,
    chosen.map((f) => f.id),
  ).map((c) => {
    const f = fusedById.get(c.chunkId) as (typeof chosen)[number];
    return {
      chunkId: c.chunkId,
      documentId: c.documentId,
      collection: c.collection,
      score: f.score,
      text: c.text,
      page: c.page,
      section: c.section,
      sourceName: c.sourceName,
      seq: c.seq,
      vectorRank: f.ranks[0] ?? null,
      textRank: f.ranks[1] ?? null,
    };
  });
}
