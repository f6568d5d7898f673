import { describe, expect, it } from 'vitest';
import { cosine, mmrSelect } from './mmr.js';

const v = (...xs: number[]) => new Float32Array(xs);

describe('mmrSelect', () => {
  // a and a2 are near-duplicates; b is different but slightly less relevant.
  const candidates = [
    { id: 'a', relevance: 1.0 },
    { id: 'a2', relevance: 0.95 },
    { id: 'b', relevance: 0.9 },
  ];
  const vectors = new Map([
    ['a', v(1, 0)],
    ['a2', v(0.99, 0.05)],
    ['b', v(0, 1)],
  ]);

  it('with λ = 1 keeps relevance order', () => {
    expect(mmrSelect(candidates, vectors, 3, 1)).toEqual(['a', 'a2', 'b']);
  });

  it('with λ = 0.5 prefers a different passage over a near-duplicate', () => {
    // Step 2: a2 → 0.5·0.95 − 0.5·0.9987 < 0; b → 0.5·0.9 − 0 = 0.45.
    expect(mmrSelect(candidates, vectors, 2, 0.5)).toEqual(['a', 'b']);
  });

  it('treats a candidate without a vector as unlike the others, and stops at k', () => {
    expect(mmrSelect(candidates, new Map([['a', v(1, 0)]]), 2, 0.5)).toEqual(['a', 'a2']);
    expect(mmrSelect(candidates, vectors, 0, 0.5)).toEqual([]);
    expect(mmrSelect([], vectors, 3, 0.5)).toEqual([]);
  });

  it('computes cosine, 0 for a zero vector', () => {
    expect(cosine(v(1, 0), v(0, 2))).toBe(0);
    expect(cosine(v(1, 1), v(2, 2))).toBeCloseTo(1, 6);
    expect(cosine(v(0, 0), v(1, 1))).toBe(0);
  });
});
