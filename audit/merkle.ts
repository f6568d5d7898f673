import * as nodeCrypto from 'node:crypto';
import { AuditError } from './errors.js';

/** SHA-256 output size; every node, leaf and root hash in the log has this length. */
export const HASH_SIZE = 32;

/** RFC 6962 §2.1: the hash of an empty list is the hash of an empty string. */
export const EMPTY_ROOT: Buffer = nodeCrypto.createHash('sha256').digest();

// RFC 6962 §2.1: distinct one-byte prefixes for leaves and interior nodes give second-preimage
// resistance: no interior node can be passed off as a leaf, nor a leaf as a node.
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// One-shot `crypto.hash` (Node >= 20.12) is about three times faster than a Hash object for
// inputs this small, and a 'binary' (latin1) string is the cheapest way out of it (its Buffer output
// allocates outside the pool). Looked up on the namespace, not imported by name, so that an
// older Node (package.json allows 20.10) falls back instead of failing to link.
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;
// Reused input buffer for interior nodes; safe because hashing is synchronous.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/**
 * Supplies the leaf hash at a 0-based index, e.g. from a SQLite column. Proof generation
 * calls it for indices below the requested tree size only.
 */
export type LeafHashSource = (index: number) => Buffer;

/** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function hashLeaf(data: Uint8Array): Buffer {
  if (oneShot) return Buffer.from(oneShot('sha256', Buffer.concat([LEAF_PREFIX, data]), 'binary'), 'binary');
  return nodeCrypto.createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** RFC 6962 §2.1: interior node = SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (oneShot && left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return Buffer.from(oneShot('sha256', nodeInput, 'binary'), 'binary');
  }
  return nodeCrypto.createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * Compares two hashes in constant time (for equal lengths). Returns false, without
 * throwing, when either is not exactly HASH_SIZE bytes long.
 */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== HASH_SIZE || b.length !== HASH_SIZE) return false;
  return nodeCrypto.timingSafeEqual(a, b);
}

/** Throws `BAD_HASH` unless `h` is a byte array of exactly HASH_SIZE bytes. */
export function assertHash(h: unknown, what: string): asserts h is Uint8Array {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new AuditError('BAD_HASH', `${what} must be ${HASH_SIZE} bytes`);
  }
}

/** Throws `BAD_SIZE` unless `n` is a non-negative safe integer. */
export function assertSize(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new AuditError('BAD_SIZE', `${what} must be a non-negative safe integer`);
  }
}

/**
 * RFC 6962 §2.1: "k is the largest power of two smaller than n" (n > 1).
 * Arithmetic, not `<<`, because sizes may exceed 2^31.
 */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True for 1, 2, 4, 8, ... (arithmetic, safe beyond 2^31). */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** MTH(D[start:end]) from leaf hashes, by the recursive definition of RFC 6962 §2.1. */
export function subtreeRoot(leafHash: LeafHashSource, start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return Buffer.from(EMPTY_ROOT);
  if (n === 1) {
    const h = leafHash(start);
    assertHash(h, `leaf hash ${start}`);
    return Buffer.from(h);
  }
  const k = splitPoint(n);
  return hashChildren(subtreeRoot(leafHash, start, start + k), subtreeRoot(leafHash, start + k, end));
}

/** The root of the tree of the first `size` leaves (O(size) hashing; see Frontier for O(1)). */
export function treeRoot(leafHash: LeafHashSource, size: number): Buffer {
  assertSize(size, 'tree size');
  return subtreeRoot(leafHash, 0, size);
}
