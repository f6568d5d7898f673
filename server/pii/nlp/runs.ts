/**
 * Capitalised runs: the candidate windows for names, places, organisations and titles. A run is
 * a sequence of capitalised words on one line, joined by spaces, hyphens ("Jean-Pierre"), an
 * initial's dot ("J. Smith"), a possessive ("St Mary's Hospital"), name particles ("van der
 * Berg") or "of" after an organisation word ("Bank of Scotland").
 */

import type { Gazetteer } from './gazetteer.js';
import { HONORIFICS, NAME_PARTICLES, ORG_PREFIXES, ORG_SUFFIXES } from './lexicon.js';
import type { Part } from './parts.js';
import { startsSentence, type Token } from './tokens.js';

/** A run of capitalised words: token indices of its words, in order. */
export interface Run {
  /** Indices (into the token list) of the run's words, particles included. */
  readonly words: number[];
  /** Token index of the first token of the run (a word). */
  readonly first: number;
  /** Token index of the last token of the run (a word, or the dot of a final abbreviation). */
  readonly last: number;
  /** The run starts a sentence or a line, where capitalisation proves nothing. */
  readonly sentenceStart: boolean;
  /** Its parts once split, for the gazetteer they were split with (see ./parts.ts). */
  cache?: { readonly g: Gazetteer; readonly parts: readonly Part[] };
}

const ABBREVIATIONS = new Set(['st', 'ste', 'mt', 'ft', 'no', 'nr', 'vs', 'jr', 'co', 'inc', 'ltd', 'corp']);

/** A word that may end with an abbreviation dot that does not end the sentence. */
export function isAbbreviation(t: Token): boolean {
  return t.kind === 'word' && (HONORIFICS.has(t.lower) || ABBREVIATIONS.has(t.lower));
}

const isCapWord = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'word' && t.cap;
const glued = (a: Token, b: Token | undefined): b is Token =>
  b !== undefined && !b.space && a.end === b.start;
// An honorific that starts a new name inside a run ("Obhut von Frau Jahn"); not a lone "M",
// which is as often a middle initial.
const startsName = (t: Token): boolean => t.text.length > 1 && HONORIFICS.has(t.lower);

const isParticle = (t: Token | undefined): t is Token =>
  t !== undefined && t.kind === 'word' && !t.cap && t.space && NAME_PARTICLES.has(t.lower);

/**
 * Marks tokens inside machine-readable chunks: an address or link (a run of glued tokens with
 * "@" or "://", "Jane.Doe@example.com") or a code (a word glued to digits: "DE89...", "4B").
 * Words there are not names. One linear pass.
 */
export function codeTokens(tokens: readonly Token[]): Uint8Array {
  const marks = new Uint8Array(tokens.length);
  let chunkStart = 0;
  let special = false;
  const close = (end: number) => {
    if (special) marks.fill(1, chunkStart, end);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.space) {
      close(i);
      chunkStart = i;
      special = false;
    }
    if (t.text === '@' || (t.text === ':' && tokens[i + 1]?.text === '/' && tokens[i + 1]?.start === t.end))
      special = true;
    const next = tokens[i + 1];
    if (t.kind === 'word' && next?.kind === 'num' && next.start === t.end) marks[i] = 1;
    if (t.kind === 'num' && next?.kind === 'word' && next.start === t.end) marks[i + 1] = 1;
  }
  close(tokens.length);
  return marks;
}

/**
 * Finds the capitalised runs of `tokens`, left to right, without overlaps. Linear in the number
 * of tokens.
 */
export function capitalisedRuns(tokens: readonly Token[]): Run[] {
  const runs: Run[] = [];
  const code = codeTokens(tokens);
  const inCode = (_: readonly Token[], i: number): boolean => code[i] === 1;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (!isCapWord(t) || inCode(tokens, i)) {
      i++;
      continue;
    }
    const words = [i];
    let last = i;
    let j = i + 1;
    for (;;) {
      const prev = tokens[last] as Token;
      const next = tokens[j];
      if (next === undefined) break;
      if (isCapWord(next) && inCode(tokens, j)) break;
      if (isCapWord(next) && startsName(next) && !HONORIFICS.has(prev.lower)) break;
      // A space, then a capitalised word on the same line.
      if (isCapWord(next) && next.space && !next.newline) {
        words.push(j);
        last = j;
        j++;
        continue;
      }
      // Hyphenated or dotted parts: "Jean-Pierre", "Aix-en-Provence", "J. Smith", "Dr. Who".
      if (next.kind === 'punct' && glued(prev, next) && prev.kind === 'word') {
        const after = tokens[j + 1];
        if (next.text === '-' && glued(next, after) && after.kind === 'word') {
          words.push(j + 1);
          last = j + 1;
          j += 2;
          continue;
        }
        const abbrev = prev.text.length === 1 || isAbbreviation(prev);
        // "St.-Kolb-Krankenhaus": an abbreviation, its dot and a hyphen glue the next word on.
        const hyphen = tokens[j + 2];
        if (
          next.text === '.' &&
          abbrev &&
          after?.text === '-' &&
          glued(after, hyphen) &&
          glued(next, after)
        ) {
          if (hyphen.kind === 'word') {
            words.push(j + 2);
            last = j + 2;
            j += 3;
            continue;
          }
        }
        if (next.text === '.' && abbrev && isCapWord(after) && after.space && !after.newline) {
          words.push(j + 1);
          last = j + 1;
          j += 2;
          continue;
        }
        // A possessive inside a name: "St Mary's Hospital" (the tokenizer leaves "'s" apart).
        const s = tokens[j + 2];
        if ((next.text === "'" || next.text === '’') && glued(next, after) && after.lower === 's') {
          if (isCapWord(s) && s.space && !s.newline) {
            words.push(j + 2);
            last = j + 2;
            j += 3;
            continue;
          }
        }
      }
      // Lower-case particles and "of" between capitalised words.
      const particle = next.kind === 'word' && !next.cap && next.space && NAME_PARTICLES.has(next.lower);
      const of =
        next.kind === 'word' &&
        (next.lower === 'of' || next.lower === 'for') &&
        (ORG_PREFIXES.has(prev.lower) || ORG_SUFFIXES.has(prev.lower));
      // Up to three particles in a row ("van der", "de la"), then a capitalised word.
      let k = j + 1;
      while (particle && k < j + 3 && isParticle(tokens[k])) k++;
      const after = tokens[k];
      if ((particle || of) && isCapWord(after) && after.space && !after.newline && !startsName(after)) {
        for (let w = j; w <= k; w++) words.push(w);
        last = k;
        j = k + 1;
        continue;
      }
      break;
    }
    // Keep the dot of a final abbreviation ("Acme Inc.", "Dr.") inside the run.
    const dot = tokens[last + 1];
    if (dot?.text === '.' && glued(tokens[last] as Token, dot) && isAbbreviation(tokens[last] as Token)) {
      last++;
    }
    runs.push({ words, first: i, last, sentenceStart: startsSentence(tokens, i, isAbbreviation) });
    i = last + 1;
  }
  return runs;
}
