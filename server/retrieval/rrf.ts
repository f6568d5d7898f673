/** One ranked list to fuse: ids best first, and how much this list counts. */
export interface RankedList<K> {
  readonly ids: readonly K[];
  readonly weight: number;
}

/** A fused item: its score and its 1-based rank in each input list (null when absent). */
export interface Fused<K> {
  id: K;
  score: number;
  ranks: (number | null)[];
}

/** RRF's k; Cormack et al. found 60 near-best across TREC runs and insensitive around it. */
export const DEFAULT_RRF_K = 60;

/**
 * Weighted reciprocal rank fusion (Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion
 * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009):
 * score(d) = Σ_lists weight / (k + rank(d)), rank starting at 1. It uses ranks only, so
 * scores of different scales (cosine distance, BM25) need no normalisation. Ties are broken
 * by the best single rank, then by first appearance, so the order is deterministic.
 */
export function reciprocalRankFusion<K>(
  lists: readonly RankedList<K>[],
  k: number = DEFAULT_RRF_K,
): Fused<K>[] {
  const byId = new Map<K, Fused<K> & { order: number }>();
  let order = 0;
  lists.forEach((list, li) => {
    list.ids.forEach((id, i) => {
      let f = byId.get(id);
      if (!f) {
        f = { id, score: 0, ranks: lists.map(() => null), order: order++ };
        byId.set(id, f);
      }
      // A list naming an id twice counts its best rank only.
      if (f.ranks[li] !== null) return;
      f.ranks[li] = i + 1;
      f.score += list.weight / (k + i + 1);
    });
  });
  const best = (f: Fused<K>) => Math.min(...f.ranks.map((r) => r ?? Number.POSITIVE_INFINITY));
  return [...byId.values()]
    .sort((a, b) => b.score - a.score || best(a) - best(b) || a.order - b.order)
    .map(({ id, score, ranks }) => ({ id, score, ranks }));
}
