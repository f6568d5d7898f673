import { AuditError } from './errors.js';
import { assertSize, type LeafHashSource, splitPoint, subtreeRoot } from './merkle.js';

// Proof generation runs on the log's side from trusted hashes. Computed from leaves alone it
// costs O(size) hashing per proof, because interior nodes are recomputed; a store keeps a cache
// of perfect-subtree hashes and passes a `SubtreeHashSource` that reads it (audit/store).

/**
 * Supplies MTH(D[start:end]) (RFC 6962 §2.1) for the ranges a proof needs. Proof generation
 * asks only for ranges of the RFC's recursive split, i.e. perfect subtrees aligned to their
 * size, or the right edge of the tree.
 */
export type SubtreeHashSource = (start: number, end: number) => Buffer;

/**
 * The audit path for leaf `index` in the tree of the first `size` leaves: RFC 6962 §2.1.1
 * PATH(m, D[n]) (RFC 9162 §2.1.3.1), leaf-side sibling first. Throws `BAD_INDEX` unless
 * 0 <= index < size.
 */
export function inclusionProof(leafHash: LeafHashSource, index: number, size: number): Buffer[] {
  return inclusionProofFrom((start, end) => subtreeRoot(leafHash, start, end), index, size);
}

/** `inclusionProof` over subtree hashes rather than leaf hashes (same result, same errors). */
export function inclusionProofFrom(subtree: SubtreeHashSource, index: number, size: number): Buffer[] {
  assertSize(size, 'tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new AuditError('BAD_INDEX', `leaf index ${index} is not in a tree of size ${size}`);
  }
  const proof: Buffer[] = [];
  path(subtree, index, 0, size, proof);
  return proof;
}

function path(subtree: SubtreeHashSource, m: number, start: number, end: number, out: Buffer[]): void {
  const n = end - start;
  if (n === 1) return;
  const k = splitPoint(n);
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])        for m < k
  //               = PATH(m - k, D[k:n]) : MTH(D[0:k])    for m >= k
  if (m < k) {
    path(subtree, m, start, start + k, out);
    out.push(subtree(start + k, end));
  } else {
    path(subtree, m - k, start + k, end, out);
    out.push(subtree(start, start + k));
  }
}

/**
 * The consistency proof from the tree of the first `size1` leaves to the tree of the first
 * `size2`: RFC 6962 §2.1.2 PROOF(m, D[n]) (RFC 9162 §2.1.4.1). Empty when size1 is 0 or equal
 * to size2. Throws `BAD_SIZE` unless 0 <= size1 <= size2.
 */
export function consistencyProof(leafHash: LeafHashSource, size1: number, size2: number): Buffer[] {
  return consistencyProofFrom((start, end) => subtreeRoot(leafHash, start, end), size1, size2);
}

/** `consistencyProof` over subtree hashes rather than leaf hashes (same result, same errors). */
export function consistencyProofFrom(subtree: SubtreeHashSource, size1: number, size2: number): Buffer[] {
  assertSize(size1, 'first tree size');
  assertSize(size2, 'second tree size');
  if (size1 > size2) throw new AuditError('BAD_SIZE', `first size ${size1} exceeds second size ${size2}`);
  const proof: Buffer[] = [];
  if (size1 > 0 && size1 < size2) subproof(subtree, size1, 0, size2, true, proof);
  return proof;
}

function subproof(
  subtree: SubtreeHashSource,
  m: number,
  start: number,
  end: number,
  complete: boolean,
  out: Buffer[],
): void {
  const n = end - start;
  // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old root is
  // omitted only when it is the verifier's own (it knows it already).
  if (m === n) {
    if (!complete) out.push(subtree(start, end));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(subtree, m, start, start + k, complete, out);
    out.push(subtree(start + k, end));
  } else {
    subproof(subtree, m - k, start + k, end, false, out);
    out.push(subtree(start, start + k));
  }
}
