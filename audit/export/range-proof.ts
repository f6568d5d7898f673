// Builds the FORMAT.md §7.3 range proof for [start, end) from the two boundary inclusion proofs,
// a standard construction: every maximal subtree left of the range is a left sibling on the path
// of leaf `start`, and every one right of it a right sibling on the path of leaf `end - 1`
// (RFC 6962 §2.1.1 PATH lists siblings leaf side first). So the proof costs two inclusion proofs,
// O(log n) each with a subtree cache, and no pass over leaves outside the range.
import { splitPoint } from '../merkle.js';
import { ExportError } from './errors.js';

/** For each element of RFC 6962 PATH(index, D[size]), leaf side first: is the sibling left of the path? */
export function pathSides(index: number, size: number): boolean[] {
  const left: boolean[] = [];
  // Walks from the root down, as PATH's recursion does, then reverses to PATH's order.
  for (let m = index, n = size; n > 1; ) {
    const k = splitPoint(n);
    if (m < k) {
      left.push(false);
      n = k;
    } else {
      left.push(true);
      m -= k;
      n -= k;
    }
  }
  return left.reverse();
}

/** The inclusion proofs a range proof is built from; either may be omitted when not needed. */
export interface BoundaryPaths {
  /** PATH(start, D[size]); needed only when start > 0. */
  first?: readonly Buffer[];
  /** PATH(end - 1, D[size]); needed only when end < size. */
  last?: readonly Buffer[];
}

/**
 * The range proof of leaves [start, end) in the tree of `size` leaves (FORMAT.md §7.3), from the
 * boundary inclusion proofs. Empty for an empty range or the whole tree. Throws
 * `RANGE_PROOF_INVALID` when a needed path is missing or has the wrong length.
 */
export function rangeProofFromPaths(
  start: number,
  end: number,
  size: number,
  paths: BoundaryPaths,
): Buffer[] {
  if (
    !(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end && end <= size)
  ) {
    throw new ExportError('RANGE_PROOF_INVALID', `range ${start}..${end} is not within a tree of ${size}`);
  }
  if (start === end) return [];
  const pick = (index: number, path: readonly Buffer[] | undefined, wantLeft: boolean): Buffer[] => {
    const sides = pathSides(index, size);
    if (!path || path.length !== sides.length) {
      throw new ExportError(
        'RANGE_PROOF_INVALID',
        `inclusion proof of ${index} in ${size} has the wrong length`,
      );
    }
    return path.filter((_, i) => sides[i] === wantLeft);
  };
  // Left siblings of `start` are listed deepest (rightmost) first; the proof runs left to right.
  const left = start > 0 ? pick(start, paths.first, true).reverse() : [];
  const right = end < size ? pick(end - 1, paths.last, false) : [];
  return [...left, ...right];
}
