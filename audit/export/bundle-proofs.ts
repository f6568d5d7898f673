// The proof members of a bundle (FORMAT.md §7.3, §7.4), computed from the store against the
// freshly signed checkpoint: the range proof from the two boundary inclusion proofs (so it is as
// fast as the store's inclusionProof), and consistency proofs from earlier checkpoint sizes.
import type { Checkpoint } from '../checkpoint.js';
import type { AuditStore } from '../store/index.js';
import { rangeProofFromPaths } from './range-proof.js';
import { BUNDLE_VERSION, type ConsistencyJSON, type ProofsJSON } from './verifier/format.js';

/** proofs.json and consistency.json, plus what the exporter needs to check its own output. */
export interface BundleProofs {
  proofs: ProofsJSON;
  consistency: ConsistencyJSON;
  /** First leaf of the proven range: `from - 1` (the anchor) when from > 0, else 0. */
  rangeStart: number;
  rangeNodes: Buffer[];
  /** Leaf hash of the anchor, when from > 0. */
  anchorLeaf: Buffer | undefined;
}

const b64 = (hashes: Buffer[]): string[] => hashes.map((h) => h.toString('base64'));

/**
 * Sizes to prove consistency from: every stored checkpoint's and the caller's, deduplicated,
 * ascending, without 0 and `size` (those need no proof, FORMAT.md §3).
 */
export function consistencySizes(store: AuditStore, size: number, extra: readonly number[]): number[] {
  const all = new Set([...store.checkpoints().map((c) => c.size), ...extra]);
  return [...all].filter((m) => m > 0 && m < size).sort((a, b) => a - b);
}

/** Builds both proof members for entries [from, to) against `cp`. */
export function buildProofs(
  store: AuditStore,
  cp: Checkpoint,
  from: number,
  to: number,
  sizes: readonly number[],
): BundleProofs {
  const n = cp.size;
  const rangeStart = from > 0 ? from - 1 : 0;
  // A boundary proof is needed only where the range does not reach the tree's edge.
  const rangeNodes =
    rangeStart === to
      ? []
      : rangeProofFromPaths(rangeStart, to, n, {
          first: rangeStart > 0 ? store.inclusionProof(rangeStart, n) : undefined,
          last: to < n ? store.inclusionProof(to - 1, n) : undefined,
        });
  const anchorLeaf = from > 0 ? store.leafHashAt(from - 1) : undefined;
  const proofs: ProofsJSON = {
    version: BUNDLE_VERSION,
    tree_size: n,
    from,
    to,
    anchor: anchorLeaf ? { seq: from - 1, leaf_hash: anchorLeaf.toString('hex') } : null,
    range_proof: b64(rangeNodes),
  };
  const consistency: ConsistencyJSON = {
    version: BUNDLE_VERSION,
    tree_size: n,
    proofs: sizes.map((m) => ({ from_size: m, path: b64(store.consistencyProof(m, n)) })),
  };
  return { proofs, consistency, rangeStart, rangeNodes, anchorLeaf };
}
