import type Database from 'better-sqlite3';
import { EMPTY_ROOT, HASH_SIZE, hashChildren, isPowerOfTwo, splitPoint, subtreeRoot } from '../merkle.js';
import type { SubtreeHashSource } from '../proofs.js';
import { AuditStoreError } from './errors.js';
import { CACHED_SPAN } from './subtrees.js';

// Costs that shape this file (better-sqlite3 on the 2-core dev box): a statement outside a
// transaction pays ~6 µs to open a read transaction, one inside pays ~0.5 µs; a BLOB column
// costs ~1 µs to become a Buffer, hex text a fraction of that. So callers run a whole proof in
// one read transaction, and hashes are read as hex.

/**
 * Subtree hashes for proof generation: perfect aligned subtrees of level >= MIN_CACHED_LEVEL
 * come from the `subtrees` cache (a missing row falls back to its two children), everything
 * smaller is hashed from leaf hashes read a block of CACHED_SPAN at a time. An RFC 6962 proof
 * needs O(log n) perfect subtrees plus at most one partial block at each edge, so a proof
 * costs O(log n) indexed reads instead of O(n) hashing.
 */
export class ProofNodes {
  readonly #node: Database.Statement;
  readonly #leaves: Database.Statement;

  constructor(db: Database.Database) {
    this.#node = db.prepare('SELECT hex(hash) FROM subtrees WHERE level = ? AND idx = ?').pluck();
    this.#leaves = db.prepare('SELECT seq, hex(leaf_hash) FROM entries WHERE seq >= ? AND seq < ?').raw();
  }

  /**
   * A `SubtreeHashSource` for one proof; it remembers the leaf blocks it has read. Throws
   * `NOT_FOUND` when a leaf it needs is not stored. Use it inside a read transaction.
   */
  source(): SubtreeHashSource {
    const blocks = new Map<number, (Buffer | undefined)[]>();
    const leaf = (index: number): Buffer => {
      const b = Math.floor(index / CACHED_SPAN);
      let block = blocks.get(b);
      if (!block) {
        block = [];
        for (const [seq, hex] of this.#leaves.all(b * CACHED_SPAN, (b + 1) * CACHED_SPAN) as [
          number,
          string,
        ][]) {
          block[seq - b * CACHED_SPAN] = Buffer.from(hex, 'hex');
        }
        blocks.set(b, block);
      }
      const hash = block[index - b * CACHED_SPAN];
      if (!hash) throw new AuditStoreError('NOT_FOUND', `no audit entry ${index}`);
      return hash;
    };
    const mth = (start: number, end: number): Buffer => {
      const n = end - start;
      if (n === 0) return Buffer.from(EMPTY_ROOT);
      if (n < CACHED_SPAN) return subtreeRoot(leaf, start, end);
      if (isPowerOfTwo(n) && start % n === 0) {
        const hex = this.#node.get(levelOf(n), start / n) as string | undefined;
        // A row of the wrong size can only be damage: recompute rather than serve it.
        if (hex?.length === 2 * HASH_SIZE) return Buffer.from(hex, 'hex');
      }
      // RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
      const k = splitPoint(n);
      return hashChildren(mth(start, start + k), mth(start + k, end));
    };
    return mth;
  }
}

/** log2 of a power of two, by arithmetic (sizes may exceed 2^31). */
function levelOf(n: number): number {
  let level = 0;
  for (; n > 1; n /= 2) level++;
  return level;
}
