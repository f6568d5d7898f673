import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashLeaf, type LeafHashSource, splitPoint, subtreeRoot, treeRoot } from '../merkle.js';
import { inclusionProof } from '../proofs.js';
import { pathSides, rangeProofFromPaths } from './range-proof.js';
import { RangeRoot, rangePlan } from './verifier/range.js';

const leaves = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));
const sourceOf =
  (ls: Buffer[]): LeafHashSource =>
  (i) =>
    ls[i] as Buffer;

/** FORMAT.md §7.3 RANGE, transcribed literally: the reference the fast paths are checked against. */
function rangeDirect(leaf: LeafHashSource, start: number, end: number, lo: number, hi: number): Buffer[] {
  if (hi <= start || end <= lo) return [subtreeRoot(leaf, lo, hi)];
  if (start <= lo && hi <= end) return [];
  const k = splitPoint(hi - lo);
  return [...rangeDirect(leaf, start, end, lo, lo + k), ...rangeDirect(leaf, start, end, lo + k, hi)];
}

function proofFor(ls: Buffer[], start: number, end: number): Buffer[] {
  const n = ls.length;
  return rangeProofFromPaths(start, end, n, {
    first: start > 0 ? inclusionProof(sourceOf(ls), start, n) : undefined,
    last: end < n ? inclusionProof(sourceOf(ls), end - 1, n) : undefined,
  });
}

function rootFrom(ls: Buffer[], start: number, end: number, nodes: Buffer[], feed = ls.slice(start, end)) {
  const r = new RangeRoot(start, end, ls.length, nodes);
  for (const h of feed) r.push(h);
  return r.root();
}

// A deterministic pseudo-random sequence (no Math.random: failures must reproduce).
function* prng(seed: number): Generator<number> {
  for (let x = seed; ; ) {
    x = createHash('sha256').update(String(x)).digest().readUInt32BE(0);
    yield x;
  }
}

describe('range proofs (FORMAT.md §7.3)', () => {
  it('every range of every tree up to 24 leaves: boundary construction = definition, root recomputes', () => {
    for (let n = 1; n <= 24; n++) {
      const ls = leaves(n);
      const root = treeRoot(sourceOf(ls), n);
      for (let start = 0; start < n; start++) {
        for (let end = start + 1; end <= n; end++) {
          const nodes = proofFor(ls, start, end);
          expect(nodes).toEqual(rangeDirect(sourceOf(ls), start, end, 0, n));
          expect(nodes.length).toBe(rangePlan(start, end, n).filter((s) => s.kind === 'node').length);
          expect(rootFrom(ls, start, end, nodes).equals(root), `n=${n} [${start},${end})`).toBe(true);
        }
      }
    }
  });

  it('random ranges in larger trees that are not powers of two, with O(log n) nodes', () => {
    const rnd = prng(7);
    for (let t = 0; t < 40; t++) {
      const n = 2 + ((rnd.next().value as number) % 3000);
      const ls = leaves(n);
      const a = (rnd.next().value as number) % n;
      const b = (rnd.next().value as number) % n;
      const [start, end] = [Math.min(a, b), Math.max(a, b) + 1];
      const nodes = proofFor(ls, start, end);
      expect(nodes).toEqual(rangeDirect(sourceOf(ls), start, end, 0, n));
      expect(nodes.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
      expect(rootFrom(ls, start, end, nodes).equals(treeRoot(sourceOf(ls), n))).toBe(true);
    }
  });

  it('the example of FORMAT.md §7.3: N = 7, [2, 5)', () => {
    const ls = leaves(7);
    const src = sourceOf(ls);
    expect(proofFor(ls, 2, 5)).toEqual([subtreeRoot(src, 0, 2), ls[5], ls[6]]);
  });

  it('whole tree and empty range need no nodes; the sides of a path follow the split', () => {
    expect(proofFor(leaves(10), 0, 10)).toEqual([]);
    expect(rangeProofFromPaths(4, 4, 10, {})).toEqual([]);
    expect(rangePlan(4, 4, 10)).toEqual([]);
    // PATH(1, D[6]), leaf side first: leaf 0 (left), MTH(D[2:4]) (right), MTH(D[4:6]) (right).
    expect(pathSides(1, 6)).toEqual([true, false, false]);
  });

  describe('hostile input', () => {
    const ls = leaves(21);
    const root = treeRoot(sourceOf(ls), 21);
    const nodes = proofFor(ls, 5, 13);

    it('an altered node, swapped or altered leaves change the root', () => {
      const bad = nodes.map((n) => Buffer.from(n));
      const b1 = bad[1] as Buffer;
      b1[0] = (b1[0] as number) ^ 1;
      expect(rootFrom(ls, 5, 13, bad).equals(root)).toBe(false);
      const feed = ls.slice(5, 13);
      [feed[2], feed[3]] = [feed[3] as Buffer, feed[2] as Buffer];
      expect(rootFrom(ls, 5, 13, nodes, feed).equals(root)).toBe(false);
      expect(rootFrom(ls, 5, 13, nodes, ls.slice(6, 14)).equals(root)).toBe(false);
    });

    it('wrong node count, short nodes, too few or too many leaves are RANGE_PROOF_INVALID', () => {
      const code = (fn: () => unknown) =>
        expect(fn).toThrow(expect.objectContaining({ code: 'RANGE_PROOF_INVALID' }));
      code(() => rootFrom(ls, 5, 13, nodes.slice(1)));
      code(() => rootFrom(ls, 5, 13, [...nodes, nodes[0] as Buffer]));
      code(() => rootFrom(ls, 5, 13, [Buffer.alloc(31), ...nodes.slice(1)]));
      code(() => rootFrom(ls, 5, 13, nodes, ls.slice(5, 12)));
      code(() => rootFrom(ls, 5, 13, nodes, ls.slice(5, 14)));
      code(() => new RangeRoot(5, 22, 21, []));
      code(() => rangeProofFromPaths(5, 13, 21, { first: [], last: [] }));
    });
  });
});
