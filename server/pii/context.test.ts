import { describe, expect, it } from 'vitest';
import { boosted, contextMatcher, round, wordsAround } from './context.js';

const options = { boost: 0.35, minScore: 0.4, before: 3, after: 1 };

describe('wordsAround', () => {
  it('takes up to `before` words before and `after` words after, lower-cased', () => {
    const text = 'One Two Three Four: 123-45-6789 (SSN) trailing';
    const start = text.indexOf('123');
    expect(wordsAround(text, start, start + 11, options)).toEqual(['two', 'three', 'four', 'ssn']);
  });

  it('handles text edges, other scripts and astral letters', () => {
    expect(wordsAround('x', 0, 1, options)).toEqual([]);
    expect(wordsAround('Телефон: 1', 9, 10, options)).toEqual(['телефон']);
    expect(wordsAround('𝒜bc 1', 5, 6, options)).toEqual(['𝒜bc']);
  });
});

describe('contextMatcher', () => {
  const m = contextMatcher(['card', 'address', 'Social Security']);
  it('matches a word, its plural, and a phrase of consecutive words', () => {
    expect(m.matches(['my', 'card'])).toBe(true);
    expect(m.matches(['cards'])).toBe(true);
    expect(m.matches(['addresses'])).toBe(true);
    expect(m.matches(['social', 'security', 'no'])).toBe(true);
  });
  it('does not match other words that merely contain one', () => {
    expect(m.matches(['discard'])).toBe(false);
    expect(m.matches(['cardiology'])).toBe(false);
    expect(m.matches(['security', 'social'])).toBe(false);
  });
});

describe('boosted', () => {
  it("applies Presidio's formula: +boost, at least minScore, at most 1", () => {
    expect(boosted(0.05, options)).toBe(0.4);
    expect(boosted(0.5, options)).toBe(0.85);
    expect(boosted(0.9, options)).toBe(1);
    expect(round(0.1 + 0.2)).toBe(0.3);
  });
});
