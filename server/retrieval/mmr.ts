/** A candidate for MMR: its id and relevance to the query (higher is better). */
export interface MmrCandidate<K> {
  readonly id: K;
  readonly relevance: number;
}

/** Cosine similarity; 0 when either vector has no length. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein, "The use of MMR, diversity-based
 * reranking for reordering documents and producing summaries", SIGIR 1998): repeatedly picks
 * argmax λ·rel(d) − (1−λ)·max_{s∈selected} sim(d, s). λ = 1 is plain relevance order; lower
 * λ trades relevance for passages unlike those already chosen. Relevance is divided by the
 * largest one so that both terms lie on comparable scales. A candidate without a vector
 * counts as unlike every other. Ties keep the input order.
 */
export function mmrSelect<K>(
  candidates: readonly MmrCandidate<K>[],
  vectors: ReadonlyMap<K, Float32Array>,
  k: number,
  lambda: number,
): K[] {
  const top = Math.max(...candidates.map((c) => c.relevance), 0);
  const rel = candidates.map((c) => (top > 0 ? c.relevance / top : 0));
  const left = candidates.map((_, i) => i);
  const chosen: number[] = [];
  // Highest similarity of each remaining candidate to anything chosen so far.
  const maxSim = candidates.map(() => 0);
  while (chosen.length < k && left.length > 0) {
    let bestAt = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    left.forEach((ci, at) => {
      const s = lambda * (rel[ci] as number) - (1 - lambda) * (maxSim[ci] as number);
      if (s > bestScore) {
        bestScore = s;
        bestAt = at;
      }
    });
    const [picked] = left.splice(bestAt, 1) as [number];
    chosen.push(picked);
    const pv = vectors.get((candidates[picked] as MmrCandidate<K>).id);
    if (!pv) continue;
    for (const ci of left) {
      const v = vectors.get((candidates[ci] as MmrCandidate<K>).id);
      if (v) maxSim[ci] = Math.max(maxSim[ci] as number, cosine(pv, v));
    }
  }
  return chosen.map((i) => (candidates[i] as MmrCandidate<K>).id);
}
