/**
 * Normalised discounted cumulative gain at k (Järvelin & Kekäläinen, "Cumulated gain-based
 * evaluation of IR techniques", TOIS 2002), with the exponential gain 2^rel − 1 and the
 * discount log2(rank + 1). `relevant` maps each relevant id to its grade (1 for binary
 * judgements); ids not in it have grade 0. Duplicate ids in `ranked` count once (first).
 * NaN when nothing is relevant: such a query cannot be scored and must not silently count.
 */
export function ndcgAtK<K>(ranked: readonly K[], relevant: ReadonlyMap<K, number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const gain = (grade: number) => 2 ** grade - 1;
  const discount = (i: number) => Math.log2(i + 2); // i is 0-based
  const seen = new Set<K>();
  let dcg = 0;
  let i = 0;
  for (const id of ranked) {
    if (i >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    dcg += gain(relevant.get(id) ?? 0) / discount(i);
    i++;
  }
  const ideal = [...relevant.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idcg = 0;
  ideal.slice(0, k).forEach((g, j) => {
    idcg += gain(g) / discount(j);
  });
  return idcg > 0 ? dcg / idcg : Number.NaN;
}

/** Binary judgements: every listed id has grade 1. */
export function binaryRelevance<K>(ids: Iterable<K>): Map<K, number> {
  return new Map([...ids].map((id) => [id, 1]));
}

/** Mean of the scores (NaN if any is NaN, so an unscorable query is never hidden). */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
