import { describe, expect, it } from 'vitest';
import { matchSpans, metrics, overlapRatio, type ScoredSpan, Tally } from './score.js';

const s = (entity_type: string, start: number, end: number): ScoredSpan => ({ entity_type, start, end });

describe('overlapRatio', () => {
  it('is intersection over union, 0 when disjoint or touching', () => {
    expect(overlapRatio(s('A', 0, 10), s('A', 0, 10))).toBe(1);
    expect(overlapRatio(s('A', 0, 10), s('A', 5, 15))).toBeCloseTo(5 / 15);
    expect(overlapRatio(s('A', 0, 10), s('A', 10, 20))).toBe(0);
  });
});

describe('matchSpans', () => {
  const gold = [s('PERSON', 8, 18)];

  it('strict needs the exact span and type', () => {
    expect(matchSpans(gold, [s('PERSON', 8, 18)], 'strict').pairs).toHaveLength(1);
    const off = matchSpans(gold, [s('PERSON', 8, 17)], 'strict');
    expect(off.pairs).toHaveLength(0);
    expect(off.falsePositives).toHaveLength(1);
    expect(off.falseNegatives).toHaveLength(1);
  });

  it('relaxed accepts half the union, not less, and never another type', () => {
    expect(matchSpans(gold, [s('PERSON', 8, 13)], 'relaxed').pairs).toHaveLength(1); // 5 / 10
    expect(matchSpans(gold, [s('PERSON', 8, 12)], 'relaxed').pairs).toHaveLength(0); // 4 / 10
    expect(matchSpans(gold, [s('LOCATION', 8, 18)], 'relaxed').pairs).toHaveLength(0);
  });

  it('matches one to one: two predictions over one label are one hit and one false positive', () => {
    const m = matchSpans(gold, [s('PERSON', 8, 13), s('PERSON', 8, 18)], 'relaxed');
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0]?.predicted).toEqual(s('PERSON', 8, 18));
    expect(m.falsePositives).toEqual([s('PERSON', 8, 13)]);
  });

  it('handles empty label and prediction sets', () => {
    expect(matchSpans([], [], 'strict')).toEqual({ pairs: [], falsePositives: [], falseNegatives: [] });
    expect(matchSpans([], [s('URL', 0, 3)], 'strict').falsePositives).toHaveLength(1);
    expect(matchSpans(gold, [], 'relaxed').falseNegatives).toHaveLength(1);
  });
});

describe('metrics', () => {
  it('computes precision, recall, F1 and F2 from counts', () => {
    const m = metrics(6, 2, 4);
    expect(m.precision).toBeCloseTo(0.75);
    expect(m.recall).toBeCloseTo(0.6);
    expect(m.f1).toBeCloseTo((2 * 0.75 * 0.6) / (0.75 + 0.6));
    expect(m.f2).toBeCloseTo((5 * 0.75 * 0.6) / (4 * 0.75 + 0.6));
  });

  it('leaves undefined ratios null and scores zero hits as zero', () => {
    expect(metrics(0, 0, 0)).toMatchObject({ precision: null, recall: null, f1: null, f2: null });
    expect(metrics(0, 3, 0)).toMatchObject({ precision: 0, recall: null, f1: 0 });
    expect(metrics(0, 0, 2)).toMatchObject({ precision: null, recall: 0, f2: 0 });
  });
});

describe('Tally', () => {
  it('sums counts per type and micro-averages groups', () => {
    const t = new Tally();
    t.add(matchSpans([s('PERSON', 0, 4), s('URL', 5, 9)], [s('PERSON', 0, 4), s('URL', 6, 9)], 'strict'));
    t.add(matchSpans([s('PERSON', 0, 4)], [s('LOCATION', 0, 4)], 'strict'));
    expect(t.of('PERSON')).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(t.of('URL')).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(t.group(['PERSON', 'URL'])).toMatchObject({ tp: 1, fp: 1, fn: 2 });
    expect(t.group()).toMatchObject({ tp: 1, fp: 2, fn: 2 });
    expect(t.types).toEqual(['LOCATION', 'PERSON', 'URL']);
  });
});
