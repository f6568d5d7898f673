import { describe, expect, it } from 'vitest';
import { binaryRelevance, mean, ndcgAtK } from './ndcg.js';

describe('ndcgAtK', () => {
  it('matches a hand-computed case', () => {
    // Ranked: a(rel) b c(rel) d. DCG = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5.
    // Relevant: a, c, e. IDCG@4 = 1 + 1/log2(3) + 1/log2(4) = 1 + 0.63093 + 0.5 = 2.13093.
    const rel = binaryRelevance(['a', 'c', 'e']);
    expect(ndcgAtK(['a', 'b', 'c', 'd'], rel, 4)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5), 10);
    expect(ndcgAtK(['a', 'b', 'c', 'd'], rel, 4)).toBeCloseTo(0.703918, 5);
  });

  it('uses graded gains 2^rel − 1', () => {
    // Ranked b(1), a(2): DCG = 1/1 + 3/log2(3); ideal a(2), b(1): 3/1 + 1/log2(3).
    const rel = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAtK(['b', 'a'], rel, 10)).toBeCloseTo((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3)), 10);
  });

  it('is 1 for the ideal order, 0 with no relevant result, and cuts at k', () => {
    const rel = binaryRelevance(['x', 'y']);
    expect(ndcgAtK(['x', 'y', 'z'], rel, 10)).toBe(1);
    expect(ndcgAtK(['z', 'w'], rel, 10)).toBe(0);
    expect(ndcgAtK(['z', 'x'], rel, 1)).toBe(0);
    expect(ndcgAtK([], rel, 10)).toBe(0);
  });

  it('counts a repeated id once, so repeating a hit cannot inflate the score', () => {
    const rel = binaryRelevance(['x', 'y']);
    expect(ndcgAtK(['x', 'x', 'x'], rel, 3)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 10);
  });

  it('is NaN when nothing is relevant, and refuses a bad k', () => {
    expect(ndcgAtK(['a'], new Map(), 10)).toBeNaN();
    expect(mean([1, Number.NaN])).toBeNaN();
    expect(mean([0.5, 1])).toBe(0.75);
    expect(() => ndcgAtK(['a'], binaryRelevance(['a']), 0)).toThrow(RangeError);
  });
});
