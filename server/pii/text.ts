/**
 * Prepares analysed text once for every recognizer: removes invisible characters that would
 * split an identifier, folds look-alike digits and letters to ASCII, and converts between UTF-16
 * and code point offsets.
 *
 * Normalisation decision (issue 6 asks to "normalise or detect, and say which"): we DETECT by
 * matching on a stripped copy and mapping offsets back. Recognizers run over a view of the input
 * with the ignorable characters below removed, so `ja\u200Bne@example.com` is seen as
 * `jane@example.com`; the engine maps each finding's span back to the input, where it covers the
 * invisible characters inside it (masking the span removes them too). Replacing them in place by
 * an "ignorable" character instead would have forced every pattern, including policy-written
 * ones, to allow that character between any two others.
 *
 * On top of that, `view.text` (what patterns match) folds, at equal UTF-16 length: full-width
 * ASCII U+FF01..U+FF5E and the ideographic space (the NFKC equivalents that matter for
 * identifiers), and every BMP decimal digit (`\p{Nd}`: Arabic-Indic, Devanagari, ...) to its
 * ASCII digit. `view.original` keeps them as typed. Astral digits (U+1D7CE..) are not folded:
 * their UTF-16 length differs.
 *
 * Lone surrogates are one code point each (as in Python); nothing here throws on them. The
 * input is attacker-controlled: every loop is linear and nothing is recursive.
 */
import type { TextView } from './types.js';

/**
 * Invisible format characters removed before matching: soft hyphen, combining grapheme joiner,
 * Arabic letter mark, Mongolian vowel separator, U+200B..U+200F (zero-width space, non-joiner,
 * joiner, LRM, RLM), bidi embeddings and isolates, U+2060..U+2064 (word joiner, invisible
 * operators), variation selectors, BOM / zero-width no-break space, and the tag characters
 * U+E0000..U+E007F (used for "ASCII smuggling") and variation selectors U+E0100..U+E01EF.
 */
// A string, not a literal: the set has combining characters (U+034F, variation selectors) that
// a linter would take for a misleading character class; here each is one character on purpose.
export const IGNORABLE_SOURCE =
  '[\\u00AD\\u034F\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFE00-\\uFE0F\\uFEFF]|\\uDB40[\\uDC00-\\uDC7F\\uDD00-\\uDDEF]';
const IGNORABLE_RUN = new RegExp(`(?:${IGNORABLE_SOURCE})+`, 'g');
const HAS_IGNORABLE = new RegExp(IGNORABLE_SOURCE);
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const HAS_SURROGATE = /[\uD800-\uDFFF]/;
const NON_ASCII = /[\u0080-\uFFFF]/;
// BMP only (a match of length 2 is an astral digit and is left alone).
const FOLDABLE = /[\uFF01-\uFF5E\u3000]|(?![0-9])\p{Nd}/gu;
const IS_DIGIT = /^\p{Nd}$/u;

/** A TextView over `original` (which must not be changed afterwards) matched as `text`. */
export function createTextView(original: string, text: string = original): TextView {
  const index = new CodePointIndex(original);
  return {
    original,
    text,
    toCodePoint: (u) => index.toCodePoint(u),
    toUtf16: (c) => index.toUtf16(c),
  };
}

/** The analysed view and the way back to the caller's offsets. */
export interface PreparedText {
  /** What recognizers see: the input without ignorable characters (see the file comment). */
  readonly view: TextView;
  /** Maps a code point span of `view` to a code point span of the input. */
  toInput(start: number, end: number): { start: number; end: number };
}

/** Prepares `input` for analysis (see the file comment). Linear in the input's length. */
export function prepareText(input: string): PreparedText {
  const stripped = HAS_IGNORABLE.test(input) ? strip(input) : undefined;
  const original = stripped?.text ?? input;
  const view = createTextView(original, fold(original));
  if (!stripped) return { view, toInput: (start, end) => ({ start, end }) };
  const { at, cumulative } = stripped;
  // Removed characters before stripped code point `s`: the runs recorded at positions ≤ s.
  const shift = (s: number): number => {
    const k = upperBound(at, s) - 1;
    return k < 0 ? 0 : (cumulative[k] as number);
  };
  return {
    view,
    toInput: (start, end) => ({
      start: start + shift(start),
      // The end follows the last character of the span: runs inside the span are covered.
      end: end <= start ? start + shift(start) : end + shift(end - 1),
    }),
  };
}

/** Number of code points of `s` (lone surrogates count one each). */
export function codePointLength(s: string): number {
  if (!HAS_SURROGATE.test(s)) return s.length;
  let pairs = 0;
  SURROGATE_PAIR.lastIndex = 0;
  while (SURROGATE_PAIR.exec(s)) pairs++;
  return s.length - pairs;
}

interface Stripped {
  readonly text: string;
  /** Stripped code point positions where a run was removed (strictly increasing). */
  readonly at: number[];
  /** Code points removed up to and including run `k`. */
  readonly cumulative: number[];
}

function strip(input: string): Stripped {
  const pieces: string[] = [];
  const at: number[] = [];
  const cumulative: number[] = [];
  let last = 0;
  let keptCodePoints = 0;
  let removed = 0;
  IGNORABLE_RUN.lastIndex = 0;
  for (let m = IGNORABLE_RUN.exec(input); m; m = IGNORABLE_RUN.exec(input)) {
    const i = m.index;
    const end = i + m[0].length;
    // Removing a run between a high and a low surrogate would join two lone surrogates into
    // one code point and shift every offset after it; such a run is kept.
    if (isHigh(input.charCodeAt(i - 1)) && isLow(input.charCodeAt(end))) continue;
    const kept = input.slice(last, i);
    pieces.push(kept);
    keptCodePoints += codePointLength(kept);
    removed += codePointLength(m[0]);
    at.push(keptCodePoints);
    cumulative.push(removed);
    last = end;
  }
  pieces.push(input.slice(last));
  return { text: pieces.join(''), at, cumulative };
}

function fold(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return s.replace(FOLDABLE, (c) => {
    if (c.length !== 1) return c;
    const code = c.charCodeAt(0);
    if (code === 0x3000) return ' ';
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    return String.fromCharCode(0x30 + digitValue(code));
  });
}

const digitValues = new Map<number, number>();

/** Value of a BMP `\p{Nd}` character: Unicode lays decimal digits out as runs of 0..9. */
function digitValue(code: number): number {
  let value = digitValues.get(code);
  if (value === undefined) {
    let zero = code;
    while (code - zero < 9 && IS_DIGIT.test(String.fromCharCode(zero - 1))) zero--;
    value = (code - zero) % 10;
    digitValues.set(code, value);
  }
  return value;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Index of the first element of sorted `xs` greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * UTF-16 ↔ code point offsets in O(log pairs): only the positions of surrogate pairs are
 * stored (none for BMP-only text, the usual case, which makes both conversions the identity).
 */
class CodePointIndex {
  readonly #length: number;
  readonly #codePoints: number;
  /** UTF-16 index of each pair's high surrogate. */
  readonly #pairs: number[] = [];
  /** Code point index of each pair (`pairs[i] - i`). */
  readonly #pairCodePoints: number[] = [];

  constructor(s: string) {
    this.#length = s.length;
    if (HAS_SURROGATE.test(s)) {
      SURROGATE_PAIR.lastIndex = 0;
      for (let m = SURROGATE_PAIR.exec(s); m; m = SURROGATE_PAIR.exec(s)) {
        this.#pairCodePoints.push(m.index - this.#pairs.length);
        this.#pairs.push(m.index);
      }
    }
    this.#codePoints = s.length - this.#pairs.length;
  }

  /** An index inside a pair maps to the code point after the pair. */
  toCodePoint(u: number): number {
    const clamped = Math.max(0, Math.min(this.#length, Math.trunc(u)));
    if (this.#pairs.length === 0) return clamped;
    // Pairs that end at or before `clamped`: high surrogate index ≤ clamped - 2.
    return clamped - upperBound(this.#pairs, clamped - 2);
  }

  toUtf16(c: number): number {
    const clamped = Math.max(0, Math.min(this.#codePoints, Math.trunc(c)));
    if (this.#pairs.length === 0) return clamped;
    return clamped + upperBound(this.#pairCodePoints, clamped - 1);
  }
}
