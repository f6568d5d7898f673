import { AuditError } from './errors.js';
import { assertHash, assertSize, EMPTY_ROOT, HASH_SIZE, hashChildren } from './merkle.js';

/** The persisted form of a Frontier: the size and its subtree roots in lowercase hex. */
export interface FrontierJSON {
  size: number;
  nodes: string[];
}

/**
 * The right edge of an RFC 6962 tree, a.k.a. compact range [0, size): one perfect-subtree root
 * per set bit of `size`, largest (leftmost) first. It is all that is needed to append a leaf in
 * O(log n) and to compute the root of the whole tree, so a store can persist this instead of
 * recomputing the tree (see transparency-dev/merkle docs/compact_ranges.md).
 */
export class Frontier {
  #size: number;
  readonly #nodes: Buffer[];

  private constructor(size: number, nodes: Buffer[]) {
    this.#size = size;
    this.#nodes = nodes;
  }

  /** The frontier of the empty tree. */
  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** Rebuilds a frontier by appending every leaf hash in order (O(n)). */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): Frontier {
    const f = Frontier.empty();
    for (const h of leafHashes) f.append(h);
    return f;
  }

  /**
   * Restores a frontier persisted with `toJSON`. Throws `BAD_FRONTIER` unless it has exactly
   * one 32-byte node per set bit of `size`. It cannot tell a tampered node from a genuine one:
   * check the resulting `root()` against a signed checkpoint before trusting it.
   */
  static fromJSON(json: FrontierJSON): Frontier {
    if (typeof json !== 'object' || json === null)
      throw new AuditError('BAD_FRONTIER', 'frontier is not an object');
    try {
      assertSize(json.size, 'frontier size');
    } catch (err) {
      throw new AuditError('BAD_FRONTIER', 'frontier size is not a non-negative safe integer', {
        cause: err,
      });
    }
    if (!Array.isArray(json.nodes) || json.nodes.length !== countBits(json.size)) {
      throw new AuditError('BAD_FRONTIER', 'frontier node count does not match its size');
    }
    const nodes = json.nodes.map((hex, i) => {
      if (typeof hex !== 'string' || !/^[0-9a-f]*$/.test(hex) || hex.length !== HASH_SIZE * 2) {
        throw new AuditError('BAD_FRONTIER', `frontier node ${i} is not ${HASH_SIZE} bytes of lowercase hex`);
      }
      return Buffer.from(hex, 'hex');
    });
    return new Frontier(json.size, nodes);
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /** A copy of the subtree roots, largest subtree first. */
  get nodes(): Buffer[] {
    return this.#nodes.map((n) => Buffer.from(n));
  }

  /** Appends one leaf hash (not leaf data: hash it with `hashLeaf` first). O(log n). */
  append(leafHash: Uint8Array): void {
    assertHash(leafHash, 'leaf hash');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new AuditError('BAD_SIZE', 'tree is full');
    // Each trailing 1-bit of the old size is a perfect subtree of the new leaf's height that
    // now has a right sibling: merge them, like a binary counter's carry.
    let node: Buffer = Buffer.from(leafHash);
    let s = this.#size;
    while (s % 2 === 1) {
      const left = this.#nodes.pop() as Buffer;
      node = hashChildren(left, node);
      s = (s - 1) / 2;
    }
    this.#nodes.push(node);
    this.#size++;
  }

  /**
   * MTH of all leaves appended so far. Folding from the right reproduces RFC 6962 §2.1's split
   * at the largest power of two: the leftmost node is the left child of the root, and so on.
   */
  root(): Buffer {
    const last = this.#nodes.length - 1;
    if (last < 0) return Buffer.from(EMPTY_ROOT);
    let r = this.#nodes[last] as Buffer;
    for (let i = last - 1; i >= 0; i--) r = hashChildren(this.#nodes[i] as Buffer, r);
    return r;
  }

  /** The persisted form; `Frontier.fromJSON(f.toJSON())` is equivalent to `f`. */
  toJSON(): FrontierJSON {
    return { size: this.#size, nodes: this.#nodes.map((n) => n.toString('hex')) };
  }

  /** An independent copy. */
  clone(): Frontier {
    return new Frontier(this.#size, this.nodes);
  }
}

function countBits(n: number): number {
  let c = 0;
  for (; n > 0; n = Math.floor(n / 2)) c += n % 2;
  return c;
}
