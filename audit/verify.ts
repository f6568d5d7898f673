import { AuditError } from './errors.js';
import {
  assertHash,
  assertSize,
  EMPTY_ROOT,
  HASH_SIZE,
  hashChildren,
  hashesEqual,
  isPowerOfTwo,
} from './merkle.js';

// Every argument here may come from the party being audited: proofs, sizes and roots arrive in
// an export or over the network. Nothing is trusted until the final constant-time comparison
// against a root taken from a checkpoint whose signature the caller has verified.
//
// The bit operations of RFC 9162 are written as arithmetic (`% 2`, `/ 2`) because JavaScript's
// bitwise operators truncate to 32 bits and tree sizes may exceed 2^31.

const half = (x: number): number => Math.floor(x / 2);

function assertProof(
  proof: unknown,
  code: 'INCLUSION_PROOF_INVALID' | 'CONSISTENCY_PROOF_INVALID',
): Uint8Array[] {
  if (!Array.isArray(proof)) throw new AuditError(code, 'proof is not an array');
  proof.forEach((p, i) => {
    if (!(p instanceof Uint8Array) || p.length !== HASH_SIZE) {
      throw new AuditError(code, `proof element ${i} is not ${HASH_SIZE} bytes`);
    }
  });
  return proof;
}

/**
 * Recomputes the root from an inclusion proof, following RFC 9162 §2.1.3.2 steps 1–4.
 * Throws `BAD_INDEX`, `BAD_SIZE`, `BAD_HASH`, or `INCLUSION_PROOF_INVALID` when the proof
 * has the wrong length for (index, size).
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: Uint8Array[],
): Buffer {
  assertSize(size, 'tree size');
  // Step 1: leaf_index must be below tree_size.
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new AuditError('BAD_INDEX', `leaf index ${index} is not in a tree of size ${size}`);
  }
  assertHash(leafHash, 'leaf hash');
  const path = assertProof(proof, 'INCLUSION_PROOF_INVALID');
  // Steps 2–3.
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  // Step 4.
  for (const p of path) {
    if (sn === 0) throw new AuditError('INCLUSION_PROOF_INVALID', 'proof is longer than the tree is high');
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      // Skip the levels where this node has no right sibling (the tree's right edge).
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5, first half: a proof that stops below the root is too short.
  if (sn !== 0) throw new AuditError('INCLUSION_PROOF_INVALID', 'proof is shorter than the tree is high');
  return r;
}

/**
 * Verifies that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`
 * (RFC 9162 §2.1.3.2). Returns normally on success; throws `INCLUSION_PROOF_INVALID` (or an
 * input error, see `rootFromInclusionProof`) otherwise.
 */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: Uint8Array[],
  root: Uint8Array,
): void {
  assertHash(root, 'root');
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  // Step 5, second half.
  if (!hashesEqual(computed, root)) {
    throw new AuditError('INCLUSION_PROOF_INVALID', 'computed root does not match the expected root');
  }
}

/**
 * Verifies that the tree of `size1` leaves with root `root1` is a prefix of the tree of `size2`
 * leaves with root `root2` (RFC 9162 §2.1.4.2). Cases RFC 9162 leaves undefined: size1 == size2
 * needs an empty proof and equal roots; size1 == 0 needs an empty proof and root1 == EMPTY_ROOT.
 * Throws `BAD_SIZE` when size1 > size2, `BAD_HASH` for malformed roots, and
 * `CONSISTENCY_PROOF_INVALID` otherwise.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: Uint8Array[],
): void {
  assertSize(size1, 'first tree size');
  assertSize(size2, 'second tree size');
  if (size1 > size2) throw new AuditError('BAD_SIZE', `first size ${size1} exceeds second size ${size2}`);
  assertHash(root1, 'first root');
  assertHash(root2, 'second root');
  const path = assertProof(proof, 'CONSISTENCY_PROOF_INVALID');
  const fail = (why: string): never => {
    throw new AuditError('CONSISTENCY_PROOF_INVALID', why);
  };

  if (size1 === size2 || size1 === 0) {
    if (path.length !== 0) fail('proof must be empty');
    const expected = size1 === 0 ? EMPTY_ROOT : root2;
    if (!hashesEqual(root1, expected)) fail('first root does not match');
    return;
  }
  // Step 1.
  if (path.length === 0) fail('proof is empty');
  // Step 2: when size1 is a power of two its root is a node of the new tree and is omitted.
  const nodes = isPowerOfTwo(size1) ? [root1, ...path] : path;
  // Steps 3–4.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr: Buffer = Buffer.from(nodes[0] as Uint8Array);
  let sr: Buffer = fr;
  // Step 6.
  for (const c of nodes.slice(1)) {
    if (sn === 0) fail('proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  if (sn !== 0) fail('proof is too short');
  if (!hashesEqual(fr, root1)) fail('first root does not match');
  if (!hashesEqual(sr, root2)) fail('second root does not match');
}
