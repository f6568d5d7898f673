import { describe, expect, it } from 'vitest';
import { canonicalize } from '../jcs.js';
import { MAX_DEPTH, scanCanonical } from './canonical-scan.js';

/** The definition the scanner must agree with: text is what canonicalize writes for its value. */
function reference(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/** Deterministic PRNG (mulberry32), so that a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  '',
  'a',
  'b',
  'aa',
  'seq',
  'prev',
  'v',
  '__proto__',
  'é',
  '😀',
  '｡',
  '\u0000',
  '"',
  '\\',
  'A',
  'Z',
];
const STRINGS = [
  '',
  'x',
  'é',
  '😀',
  '\u0000',
  '\u0008',
  '\t',
  '\n',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u2028',
  '"\\/',
  'ab'.repeat(32),
];
const INTS = [0, 1, -1, 42, 9007199254740991, -9007199254740991, 1000000];
const NOISE = [
  ' ',
  '"',
  '\\',
  ',',
  ':',
  '{',
  '}',
  '[',
  ']',
  '0',
  '1',
  '9',
  '-',
  '.',
  'e',
  'E',
  'u',
  'a',
  'F',
  '/',
  'n',
  't',
  'r',
  'b',
  'f',
  '\u0000',
  '\u001f',
  '\ud800',
  '\udc00',
  '\u2028',
  'é',
  '\uFEFF',
];

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const r = rnd();
  if (depth > 3 || r < 0.3) {
    const k = rnd();
    if (k < 0.35) return pick(STRINGS) + (rnd() < 0.3 ? pick(STRINGS) : '');
    if (k < 0.7) return rnd() < 0.5 ? pick(INTS) : Math.floor((rnd() - 0.5) * 2 ** 40);
    return pick([true, false, null]);
  }
  if (r < 0.5) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
  const o: Record<string, unknown> = {};
  // defineProperty, not assignment: `o.__proto__ = x` would set the prototype.
  for (let n = Math.floor(rnd() * 5); n > 0; n--) {
    const value = randomValue(rnd, depth + 1);
    Object.defineProperty(o, pick(KEYS), { value, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function mutate(rnd: () => number, text: string): string {
  let t = text;
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    const at = Math.floor(rnd() * (t.length + 1));
    const noise = NOISE[Math.floor(rnd() * NOISE.length)] as string;
    const op = rnd();
    if (op < 0.3) t = t.slice(0, at) + t.slice(at + 1);
    else if (op < 0.6) t = t.slice(0, at) + noise + t.slice(at);
    else if (op < 0.85) t = t.slice(0, at) + noise + t.slice(at + 1);
    else t = t.slice(0, at) + t.slice(at + 1, at + 2) + t.slice(at, at + 1) + t.slice(at + 2);
  }
  return t;
}

function expectAgreement(text: string): void {
  const scanned = scanCanonical(text);
  expect(scanned !== undefined, JSON.stringify(text)).toBe(reference(text));
  if (!scanned) return;
  const v = JSON.parse(text) as unknown;
  const obj = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const token = (k: string) => (Object.hasOwn(obj, k) ? canonicalize(obj[k]) : undefined);
  expect(scanned, JSON.stringify(text)).toEqual({ seq: token('seq'), prev: token('prev') });
}

describe('scanCanonical', () => {
  it('accepts canonical entries and returns their seq and prev tokens', () => {
    const body = canonicalize({
      v: 1,
      action: 'a',
      seq: 12,
      prev: 'ab'.repeat(32),
      ts: 'x',
      nested: { seq: 3 },
    });
    expect(scanCanonical(body)).toEqual({ seq: '12', prev: `"${'ab'.repeat(32)}"` });
    expect(scanCanonical('{}')).toEqual({ seq: undefined, prev: undefined });
    expect(scanCanonical('{"seq":"12"}')).toEqual({ seq: '"12"', prev: undefined });
    expect(scanCanonical('5')).toEqual({ seq: undefined, prev: undefined });
  });

  it('rejects each way of being almost canonical', () => {
    const bad = [
      '',
      ' {}',
      '{} ',
      '{ }',
      '\uFEFF{}',
      '{"b":1,"a":2}',
      '{"a":1,"a":2}',
      '{"a":1,}',
      '{"a" :1}',
      '{a:1}',
      '[1,]',
      '[1 ]',
      '-0',
      '01',
      '1.0',
      '1e2',
      '+1',
      '9007199254740992',
      '-9007199254740992',
      '123456789012345678',
      '"\\/"',
      '"\\u0041"',
      '"\\u001F"',
      '"\\u0008"',
      '"\\u000a"',
      '"\\ud800"',
      '"\\x"',
      '"\ud800"',
      '"\udc00\ud800"',
      '"\u0001"',
      '"abc',
      '"\\u00',
      'tru',
      'True',
      'nul',
      '{"a":1}{}',
      '{"\\u0062":1,"a":2}',
    ];
    for (const text of bad) {
      expect(reference(text), text).toBe(false);
      expect(scanCanonical(text), text).toBeUndefined();
    }
    for (const text of [
      '"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\"',
      '"\u007f\u2028é😀"',
      '{"a":1,"b":{"a":[]}}',
      '-9007199254740991',
    ]) {
      expect(reference(text), text).toBe(true);
      expect(scanCanonical(text), text).toBeDefined();
    }
  });

  it('compares member names as UTF-16 code units, decoding escapes first', () => {
    // U+FF61 sorts after U+1F600 by code point but before it as UTF-16 (0xD83D < 0xFF61).
    expect(scanCanonical('{"😀":1,"｡":2}')).toBeDefined();
    expect(scanCanonical('{"｡":1,"😀":2}')).toBeUndefined();
    expect(scanCanonical('{"\\u0000":1,"a":2}')).toBeDefined();
    expect(scanCanonical('{"a":1,"\\u0000":2}')).toBeUndefined();
  });

  it('gives up beyond MAX_DEPTH (callers fall back to the exact check)', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(scanCanonical(deep(MAX_DEPTH))).toBeDefined();
    expect(scanCanonical(deep(MAX_DEPTH + 1))).toBeUndefined();
    expect(reference(deep(MAX_DEPTH + 1))).toBe(true);
  });

  it('agrees with canonicalize(JSON.parse(text)) === text on generated and mutated text', () => {
    const rnd = prng(0x5eed);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const text = canonicalize(randomValue(rnd, 0));
      expectAgreement(text);
      for (let m = 0; m < 8; m++) {
        const mutated = mutate(rnd, text);
        expectAgreement(mutated);
        if (reference(mutated)) accepted++;
      }
    }
    // The mutations must also produce canonical text now and then, or the test proves little.
    expect(accepted).toBeGreaterThan(500);
  });
});
