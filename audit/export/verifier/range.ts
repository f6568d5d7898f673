// Compact range proofs (FORMAT.md §7.3): the root of an RFC 6962 tree of `size` leaves is
// recomputed from the leaf hashes of a contiguous range [start, end) plus the roots of the
// maximal subtrees outside the range, O(log size) of them. The recursion follows RFC 6962 §2.1's
// split at the largest power of two below n, so the subtrees are exactly those of MTH.
//
// The verifier consumes the range's leaves one at a time (streaming): the recursion is compiled
// into a postfix plan of O(log size) steps, and each maximal subtree inside the range is hashed
// with a Frontier as its leaves arrive, in O(log n) memory.
import { Frontier } from '../../frontier.js';
import { assertSize, HASH_SIZE, hashChildren, splitPoint } from '../../merkle.js';
import { ExportError } from '../errors.js';

/** One step of the postfix plan: push a proof node, push the MTH of the next `count` leaves, or combine. */
export type RangeStep = { kind: 'node' } | { kind: 'leaves'; count: number } | { kind: 'hash' };

function assertRange(start: number, end: number, size: number): void {
  assertSize(size, 'tree size');
  assertSize(start, 'range start');
  assertSize(end, 'range end');
  if (start > end || end > size) {
    throw new ExportError('RANGE_PROOF_INVALID', `range ${start}..${end} is not within a tree of ${size}`);
  }
}

/**
 * The FORMAT.md §7.3 recursion over (start, end, size) as a postfix program; empty when the range
 * is empty. The number of `node` steps is the length every valid proof has.
 */
export function rangePlan(start: number, end: number, size: number): RangeStep[] {
  assertRange(start, end, size);
  const plan: RangeStep[] = [];
  const visit = (lo: number, hi: number): void => {
    if (hi <= start || end <= lo) plan.push({ kind: 'node' });
    else if (start <= lo && hi <= end) plan.push({ kind: 'leaves', count: hi - lo });
    else {
      const k = splitPoint(hi - lo);
      visit(lo, lo + k);
      visit(lo + k, hi);
      plan.push({ kind: 'hash' });
    }
  };
  if (start < end) visit(0, size);
  return plan;
}

/**
 * Recomputes a tree root from a range proof and the range's leaf hashes, pushed in order. Never
 * throws while leaves are pushed (a streaming caller keeps reading); `root()` reports any
 * failure as `RANGE_PROOF_INVALID`.
 */
export class RangeRoot {
  readonly #plan: RangeStep[];
  readonly #nodes: readonly Uint8Array[];
  readonly #expectedLeaves: number;
  #pc = 0;
  #nextNode = 0;
  #stack: Buffer[] = [];
  #segment: Frontier | undefined;
  #segmentLeft = 0;
  #pushed = 0;
  #failure: string | undefined;

  /** Throws `RANGE_PROOF_INVALID` for a range outside the tree (an argument error). */
  constructor(start: number, end: number, size: number, nodes: readonly Uint8Array[]) {
    this.#plan = rangePlan(start, end, size);
    this.#nodes = nodes;
    this.#expectedLeaves = end - start;
    const want = this.#plan.filter((s) => s.kind === 'node').length;
    if (nodes.length !== want) this.#failure = `proof has ${nodes.length} nodes where ${want} are needed`;
    else if (nodes.some((n) => n.length !== HASH_SIZE)) this.#failure = `a node is not ${HASH_SIZE} bytes`;
    else this.#run();
  }

  /** The leaf hash of the next leaf of the range. */
  push(leafHash: Uint8Array): void {
    this.#pushed++;
    if (this.#failure !== undefined) return;
    if (!this.#segment) {
      this.#failure = `more than the ${this.#expectedLeaves} leaves of the range`;
      return;
    }
    this.#segment.append(leafHash);
    if (--this.#segmentLeft === 0) {
      this.#stack.push(this.#segment.root());
      this.#segment = undefined;
      this.#pc++;
      this.#run();
    }
  }

  /** The recomputed root; throws `RANGE_PROOF_INVALID` on a short or long input. */
  root(): Buffer {
    if (this.#failure === undefined && this.#pushed !== this.#expectedLeaves) {
      this.#failure = `${this.#pushed} leaves where the range has ${this.#expectedLeaves}`;
    }
    if (this.#failure !== undefined) throw new ExportError('RANGE_PROOF_INVALID', this.#failure);
    const root = this.#stack[0];
    if (this.#stack.length !== 1 || !root) throw new ExportError('RANGE_PROOF_INVALID', 'empty range');
    return root;
  }

  // Executes node and hash steps up to the next leaves step (or the end of the plan).
  #run(): void {
    for (; this.#pc < this.#plan.length; this.#pc++) {
      const step = this.#plan[this.#pc] as RangeStep;
      if (step.kind === 'leaves') {
        this.#segment = Frontier.empty();
        this.#segmentLeft = step.count;
        return;
      }
      if (step.kind === 'node') {
        this.#stack.push(Buffer.from(this.#nodes[this.#nextNode++] as Uint8Array));
      } else {
        const right = this.#stack.pop() as Buffer;
        const left = this.#stack.pop() as Buffer;
        this.#stack.push(hashChildren(left, right));
      }
    }
  }
}
