/**
 * Deterministic overlap resolution: of findings that overlap, the one with the higher score
 * wins, then the longer span, then the earlier start, then the entity type and the recognizer
 * name in code unit order. Greedy by that order, so the result does not depend on the order in
 * which recognizers ran.
 *
 * Findings are first split into clusters of transitively overlapping spans (a sort and a sweep),
 * and each cluster is resolved with an occupancy map of its own extent: O(n log n + total span
 * length), however many candidates an adversarial input produces.
 */
import type { Finding } from './types.js';

/** Whether `a` takes precedence over `b` (a strict total order on distinct findings). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    cmp(a.entityType, b.entityType) ||
    cmp(a.recognizer, b.recognizer)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Non-overlapping findings, sorted by start. Empty spans are dropped. */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const sorted = findings.filter((f) => f.end > f.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let cluster: Finding[] = [];
  let clusterEnd = -1;
  for (const f of sorted) {
    if (f.start >= clusterEnd && cluster.length > 0) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(f);
    clusterEnd = Math.max(clusterEnd, f.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  return out.sort((a, b) => a.start - b.start);
}

function resolveCluster(cluster: Finding[], out: Finding[]): void {
  if (cluster.length === 1) {
    out.push(cluster[0] as Finding);
    return;
  }
  const base = cluster[0]?.start ?? 0;
  let extent = 0;
  for (const f of cluster) extent = Math.max(extent, f.end - base);
  const taken = new Uint8Array(extent);
  for (const f of [...cluster].sort(compareFindings)) {
    let free = true;
    for (let i = f.start - base; i < f.end - base; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, f.start - base, f.end - base);
    out.push(f);
  }
}
