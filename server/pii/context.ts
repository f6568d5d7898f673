/**
 * Context enhancement, after Presidio's LemmaContextAwareEnhancer: when one of a recognizer's
 * context words appears among the few words before (or after) a candidate, the candidate's score
 * is raised by `boost` and to at least `minScore` (capped at 1). Presidio compares lemmas; without
 * a lemmatizer we accept the word itself and its plural (`card`, `cards`, `addresses`), which
 * covers the context lists in practice. A context entry of several words ("social security")
 * must appear as consecutive words.
 *
 * The text around a candidate is attacker-controlled; the window is bounded in characters and
 * in words, so the cost per candidate is constant.
 */
import type { ContextOptions } from './config.js';

/** Characters looked at per context word, beyond which a window stops (very long "words"). */
const CHARS_PER_WORD = 40;
const WORD = /[\p{L}\p{N}]+/gu;

/** A prepared list of context words. */
export interface ContextMatcher {
  /** Whether a context word is among `words` (lower case). */
  matches(words: readonly string[]): boolean;
}

/** Prepares context words (any case; entries of several words allowed). */
export function contextMatcher(entries: Iterable<string>): ContextMatcher {
  const single = new Set<string>();
  const phrases: string[][] = [];
  for (const entry of entries) {
    const words = entry.toLowerCase().match(WORD) ?? [];
    if (words.length === 1) single.add(words[0] as string);
    else if (words.length > 1) phrases.push(words);
  }
  const isWord = (w: string): boolean =>
    single.has(w) ||
    (w.endsWith('s') && single.has(w.slice(0, -1))) ||
    (w.endsWith('es') && single.has(w.slice(0, -2)));
  return {
    matches(words) {
      for (let i = 0; i < words.length; i++) {
        if (isWord(words[i] as string)) return true;
        for (const phrase of phrases) {
          if (phrase.every((p, j) => words[i + j] === p)) return true;
        }
      }
      return false;
    },
  };
}

/** The words (lower case) around [start, end) in `text` (UTF-16 offsets), per `options`. */
export function wordsAround(text: string, start: number, end: number, options: ContextOptions): string[] {
  const words: string[] = [];
  // Backwards from `start`: skip separators, take a word; at most `before` words.
  const low = Math.max(0, start - options.before * CHARS_PER_WORD);
  let i = start;
  for (let n = 0; n < options.before; n++) {
    while (i > low && wordUnitsBefore(text, i) === 0) i--;
    const wordEnd = i;
    for (let k = wordUnitsBefore(text, i); k > 0 && i > low; k = wordUnitsBefore(text, i)) i -= k;
    if (i === wordEnd) break;
    words.push(text.slice(i, wordEnd).toLowerCase());
  }
  words.reverse();
  const high = Math.min(text.length, end + options.after * CHARS_PER_WORD);
  let j = end;
  for (let n = 0; n < options.after; n++) {
    while (j < high && wordUnitsAt(text, j) === 0) j++;
    const wordStart = j;
    for (let k = wordUnitsAt(text, j); k > 0 && j < high; k = wordUnitsAt(text, j)) j += k;
    if (j === wordStart) break;
    words.push(text.slice(wordStart, j).toLowerCase());
  }
  return words;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** UTF-16 length (1 or 2) of the letter or digit starting at `i`; 0 if there is none. */
function wordUnitsAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  const cp = text.codePointAt(i) as number;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** UTF-16 length of the letter or digit ending just before `i`; 0 if there is none. */
function wordUnitsBefore(text: string, i: number): number {
  if (i <= 0) return 0;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return wordUnitsAt(text, i - 2) === 2 ? 2 : 0;
  }
  return wordUnitsAt(text, i - 1) === 1 ? 1 : 0;
}

/** The score after enhancement (Presidio's formula), rounded to 6 decimals. */
export function boosted(score: number, options: ContextOptions): number {
  return round(Math.min(1, Math.max(score + options.boost, options.minScore)));
}

/** Rounds to 6 decimals, so that 0.05 + 0.35 compares equal to a 0.4 threshold. */
export function round(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}
