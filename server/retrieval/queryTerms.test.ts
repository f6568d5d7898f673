import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS } from '../storage/chunksText.js';
import { MAX_QUERY_CHARS, queryTerms } from './queryTerms.js';

describe('queryTerms', () => {
  it('keeps words, lowercased, without stop words and repeats', () => {
    expect(queryTerms('How do I wash my Hands before the procedure? Hands!')).toEqual([
      'wash',
      'hands',
      'before',
      'procedure',
    ]);
    expect(queryTerms('Café crème, 24h')).toEqual(['café', 'crème', '24h']);
  });

  it('keeps the words of a question made only of stop words', () => {
    expect(queryTerms('What is it?')).toEqual(['what', 'is', 'it']);
  });

  it('reduces FTS5 syntax to words', () => {
    const cases: [string, string[]][] = [
      ['"unbalanced quote', ['unbalanced', 'quote']],
      ['NEAR(fire drill, 3)', ['near', 'fire', 'drill', '3']],
      ['text:secret', ['text', 'secret']],
      ['{text section}: x', ['text', 'section', 'x']],
      ['hyg* -fire ^start +plus', ['hyg', 'fire', 'start', 'plus']],
      ['((( )))', []],
      ['""""', []],
      ["'; DROP TABLE chunks; --", ['drop', 'table', 'chunks']],
      ['x\u0000y', ['x', 'y']],
      ['ｆｕｌｌｗｉｄｔｈ', ['fullwidth']],
    ];
    for (const [input, want] of cases) expect(queryTerms(input), input).toEqual(want);
  });

  it('bounds the work on hostile lengths', () => {
    const many = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(MAX_QUERY_TERMS);
    expect(queryTerms(`${'x'.repeat(MAX_QUERY_CHARS)} tail`)).toEqual(['x'.repeat(MAX_QUERY_CHARS)]);
    expect(queryTerms(undefined as unknown as string)).toEqual([]);
  });
});
