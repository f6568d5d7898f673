import { describe, expect, it } from 'vitest';
import { codePointLength, createTextView, prepareText } from './text.js';

describe('createTextView: code points and UTF-16', () => {
  it('is the identity for BMP-only text', () => {
    const v = createTextView('héllo wörld');
    expect([v.toCodePoint(7), v.toUtf16(7)]).toEqual([7, 7]);
  });

  it('counts an astral character as one code point', () => {
    const s = '😀a😀b';
    const v = createTextView(s);
    expect([0, 2, 3, 5, 6].map((u) => v.toCodePoint(u))).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1, 2, 3, 4].map((c) => v.toUtf16(c))).toEqual([0, 2, 3, 5, 6]);
  });

  it('maps an index inside a pair to the code point after it, and clamps', () => {
    const v = createTextView('😀a');
    expect(v.toCodePoint(1)).toBe(1);
    expect([v.toCodePoint(-5), v.toCodePoint(99), v.toUtf16(-1), v.toUtf16(99)]).toEqual([0, 2, 0, 3]);
  });

  it('treats lone surrogates as one code point each, without throwing', () => {
    const s = 'a\uD800b\uDC00c\uDBFF';
    const v = createTextView(s);
    expect(codePointLength(s)).toBe(6);
    expect([1, 2, 3, 4, 5, 6].map((u) => v.toCodePoint(u))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('prepareText: invisible characters', () => {
  it('removes zero-width characters for matching and maps spans back over them', () => {
    const input = 'mail ja\u200Bne@exa\u00ADmple.com now';
    const p = prepareText(input);
    expect(p.view.text).toBe('mail jane@example.com now');
    // "jane@example.com" is code points 5..21 of the view; in the input it spans 5..23.
    expect(p.toInput(5, 21)).toEqual({ start: 5, end: 23 });
    expect([...input].slice(5, 23).join('')).toBe('ja\u200Bne@exa\u00ADmple.com');
  });

  it('does not cover invisible characters just outside a span', () => {
    const p = prepareText('\u200Babc\u200B d');
    expect(p.view.text).toBe('abc d');
    expect(p.toInput(0, 3)).toEqual({ start: 1, end: 4 });
    expect(p.toInput(4, 5)).toEqual({ start: 6, end: 7 });
  });

  it('removes tag characters (astral) and keeps later offsets right', () => {
    const input = `x\u{E0041}\u{E0042}y 😀 z`;
    const p = prepareText(input);
    expect(p.view.text).toBe('xy 😀 z');
    expect(p.toInput(5, 6)).toEqual({ start: 7, end: 8 }); // "z"
  });

  it('keeps an invisible run between two lone surrogates rather than pairing them', () => {
    const input = '\uD83D\u200B\uDE00 x';
    const p = prepareText(input);
    expect(p.view.text).toBe(input);
    expect(p.toInput(4, 5)).toEqual({ start: 4, end: 5 });
  });

  it('returns the input unchanged when there is nothing to strip', () => {
    const p = prepareText('plain text');
    expect(p.view.original).toBe('plain text');
    expect(p.toInput(2, 4)).toEqual({ start: 2, end: 4 });
  });
});

describe('prepareText: folding', () => {
  it('folds full-width ASCII and other decimal digits at equal length, keeping the original', () => {
    const input = '４１１１ card, ٤١١١ and ४१११, ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ';
    const p = prepareText(input);
    expect(p.view.text).toBe('4111 card, 4111 and 4111, jane@example.com');
    expect(p.view.original).toBe(input);
    expect(p.view.text.length).toBe(input.length);
  });

  it('leaves astral digits alone (their UTF-16 length differs)', () => {
    const p = prepareText('𝟏𝟐 ok');
    expect(p.view.text).toBe('𝟏𝟐 ok');
  });
});
