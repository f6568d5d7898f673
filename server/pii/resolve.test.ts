import { describe, expect, it } from 'vitest';
import { compareFindings, resolveOverlaps } from './resolve.js';
import type { Finding } from './types.js';

const f = (entityType: string, start: number, end: number, score: number, recognizer = 'r'): Finding => ({
  entityType,
  start,
  end,
  score,
  recognizer,
});

describe('resolveOverlaps', () => {
  it('keeps the higher score', () => {
    expect(resolveOverlaps([f('A', 0, 10, 0.5), f('B', 2, 8, 0.9)])).toEqual([f('B', 2, 8, 0.9)]);
  });

  it('then the longer span', () => {
    expect(resolveOverlaps([f('A', 2, 8, 0.5), f('B', 0, 10, 0.5)])).toEqual([f('B', 0, 10, 0.5)]);
  });

  it('then the earlier start', () => {
    expect(resolveOverlaps([f('A', 3, 8, 0.5), f('B', 0, 5, 0.5)])).toEqual([f('B', 0, 5, 0.5)]);
  });

  it('then the entity type, then the recognizer name', () => {
    expect(resolveOverlaps([f('US_SSN', 0, 9, 0.4), f('US_PASSPORT', 0, 9, 0.4)])).toEqual([
      f('US_PASSPORT', 0, 9, 0.4),
    ]);
    expect(resolveOverlaps([f('X', 0, 9, 0.4, 'b'), f('X', 0, 9, 0.4, 'a')])).toEqual([
      f('X', 0, 9, 0.4, 'a'),
    ]);
  });

  it('keeps findings that only touch, sorted by start', () => {
    expect(resolveOverlaps([f('B', 5, 9, 0.5), f('A', 0, 5, 0.5)])).toEqual([
      f('A', 0, 5, 0.5),
      f('B', 5, 9, 0.5),
    ]);
  });

  it('resolves a chain greedily: the winner removes its neighbours, a far one survives', () => {
    // A(0-5) overlaps B(4-9) overlaps C(8-12); B wins, so A and C go, D stays.
    const out = resolveOverlaps([
      f('A', 0, 5, 0.5),
      f('B', 4, 9, 0.9),
      f('C', 8, 12, 0.5),
      f('D', 20, 25, 0.1),
    ]);
    expect(out).toEqual([f('B', 4, 9, 0.9), f('D', 20, 25, 0.1)]);
  });

  it('does not depend on input order', () => {
    const input = [f('A', 0, 5, 0.5), f('B', 4, 9, 0.7), f('C', 8, 12, 0.6), f('D', 2, 3, 0.8)];
    const expected = resolveOverlaps(input);
    expect(resolveOverlaps([...input].reverse())).toEqual(expected);
    expect(expected).toEqual([f('D', 2, 3, 0.8), f('B', 4, 9, 0.7)]);
  });

  it('drops empty spans and orders strictly', () => {
    expect(resolveOverlaps([f('A', 3, 3, 1)])).toEqual([]);
    expect(compareFindings(f('A', 0, 1, 0.5), f('A', 0, 1, 0.5))).toBe(0);
  });
});
