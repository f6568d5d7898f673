import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './rrf.js';

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the lists (hand-computed)', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: ['a', 'b', 'c'], weight: 1 },
        { ids: ['c', 'a'], weight: 1 },
      ],
      60,
    );
    // a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62.
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused.map((f) => f.ranks)).toEqual([
      [1, 2],
      [3, 1],
      [2, null],
    ]);
  });

  it('applies weights, and a zero weight keeps ids but gives no score', () => {
    const lists = [
      { ids: ['v'], weight: 1 },
      { ids: ['t'], weight: 2 },
    ];
    expect(reciprocalRankFusion(lists).map((f) => f.id)).toEqual(['t', 'v']);
    const off = reciprocalRankFusion([lists[0] as (typeof lists)[0], { ids: ['t'], weight: 0 }]);
    expect(off.find((f) => f.id === 't')?.score).toBe(0);
  });

  it('breaks ties deterministically and counts a repeated id once per list', () => {
    const fused = reciprocalRankFusion([
      { ids: ['x', 'y'], weight: 1 },
      { ids: ['y', 'x'], weight: 1 },
    ]);
    expect(fused.map((f) => f.id)).toEqual(['x', 'y']);
    expect(reciprocalRankFusion([{ ids: ['a', 'a'], weight: 1 }])).toEqual([
      { id: 'a', score: 1 / 61, ranks: [1] },
    ]);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});
