import { describe, expect, it } from 'vitest';
import { isAbbreviation } from './runs.js';
import { startsSentence, tokenize } from './tokens.js';

describe('tokenize', () => {
  it('splits words, numbers and punctuation, keeping inner apostrophes but not possessives', () => {
    expect(tokenize("O'Connor's 221B, Jean-Pierre").map((t) => t.text)).toEqual([
      "O'Connor",
      "'",
      's',
      '221',
      'B',
      ',',
      'Jean',
      '-',
      'Pierre',
    ]);
  });

  it('records case, spacing and line breaks', () => {
    const [a, b, c] = tokenize('SMITH john\nÉmile');
    expect([a?.cap, a?.upper, a?.lower]).toEqual([true, true, 'smith']);
    expect([b?.cap, b?.space, b?.newline]).toEqual([false, true, false]);
    expect([c?.cap, c?.upper, c?.newline]).toEqual([true, false, true]);
  });

  it('gives UTF-16 offsets that cut the text back out', () => {
    const text = '😀 Zoë Ñúñez';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('startsSentence', () => {
  it('is true after a full stop but not after an initial or an honorific', () => {
    const tokens = tokenize('Done. Next J. Smith and Dr. Who');
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    expect(startsSentence(tokens, at('Next'), isAbbreviation)).toBe(true);
    expect(startsSentence(tokens, at('Smith'), isAbbreviation)).toBe(false);
    expect(startsSentence(tokens, at('Who'), isAbbreviation)).toBe(false);
    expect(startsSentence(tokens, at('and'), isAbbreviation)).toBe(false);
  });
});
