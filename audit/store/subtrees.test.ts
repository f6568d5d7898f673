import { describe, expect, it } from 'vitest';
import { Frontier } from '../frontier.js';
import { hashLeaf, subtreeRoot } from '../merkle.js';
import { appendLeaf, HexFold, MIN_CACHED_LEVEL } from './subtrees.js';

const leaves = Array.from({ length: 300 }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));
const mth = (start: number, end: number) => subtreeRoot((i) => leaves[i] as Buffer, start, end);

/** Every subtree a fold must report after `n` leaves, in the order they complete. */
function expected(n: number): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (let size = 1; size <= n; size++) {
    for (let level = MIN_CACHED_LEVEL; size % 2 ** level === 0; level++) {
      out.push([level, size / 2 ** level - 1, mth(size - 2 ** level, size).toString('hex')]);
    }
  }
  return out;
}

describe('subtree folds', () => {
  it('appendLeaf keeps the Frontier exact and reports each completed subtree once', () => {
    const f = Frontier.empty();
    const seen: [number, number, string][] = [];
    for (const [i, leaf] of leaves.entries()) {
      appendLeaf(f, leaf, (level, index, hash) => seen.push([level, index, hash.toString('hex')]));
      expect(f.root()).toEqual(mth(0, i + 1));
    }
    expect(seen).toEqual(expected(300));
  });

  it('HexFold has the Frontier’s root at every size and reports the same subtrees', () => {
    const fold = new HexFold();
    const f = Frontier.empty();
    const seen: [number, number, string][] = [];
    expect(fold.root()).toEqual(f.root());
    for (const leaf of leaves) {
      fold.append(leaf.toString('hex'), (level, index, hex) => seen.push([level, index, hex]));
      f.append(leaf);
      expect(fold.size).toBe(f.size);
      expect(fold.root()).toEqual(f.root());
    }
    expect(seen).toEqual(expected(300));
  });
});
