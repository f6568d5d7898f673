/**
 * The parts of a capitalised run: its words, with hyphenated words kept whole ("Jean-Pierre",
 * "Aix-en-Provence") and an initial's or abbreviation's dot inside the part ("J.", "Dr."), each
 * with what the gazetteers know about it.
 */
import { facts, type WordFacts } from './context.js';
import type { Gazetteer } from './gazetteer.js';
import { NAME_PARTICLES } from './lexicon.js';
import type { Run } from './runs.js';
import type { Token } from './tokens.js';

/** One part of a run. */
export interface Part extends WordFacts {
  /** UTF-16 offsets of the part in the text (a trailing abbreviation dot included). */
  readonly start: number;
  readonly end: number;
  /** Lower-case text without a trailing dot, hyphens kept ("jean-pierre", "dr"). */
  readonly lower: string;
  /** A lower-case name particle ("van", "de"). */
  readonly particle: boolean;
  /** A single capital letter, with or without a dot ("J", "J."). */
  readonly initial: boolean;
  /** All capitals ("SMITH", "NHS"). */
  readonly upper: boolean;
  /** Index of the part's first token, for context lookups. */
  readonly token: number;
}

/** Splits a run into parts. */
export function partsOf(tokens: readonly Token[], run: Run, g: Gazetteer): Part[] {
  // Several rules look at the same run (a firm, "SURNAME, Given", the run itself): split once.
  const cached = run.cache;
  if (cached && cached.g === g) return cached.parts as Part[];
  const parts = split(tokens, run, g);
  run.cache = { g, parts };
  return parts;
}

function split(tokens: readonly Token[], run: Run, g: Gazetteer): Part[] {
  const parts: Part[] = [];
  const ws = run.words;
  let k = 0;
  while (k < ws.length) {
    const firstIndex = ws[k] as number;
    let lastIndex = firstIndex;
    // Hyphenated continuation: the next word is two tokens on, behind a glued "-".
    while (k + 1 < ws.length && ws[k + 1] === lastIndex + 2 && tokens[lastIndex + 1]?.text === '-') {
      const h = tokens[lastIndex + 1] as Token;
      if (h.space || (tokens[lastIndex + 2] as Token).space) break;
      k++;
      lastIndex = ws[k] as number;
    }
    const first = tokens[firstIndex] as Token;
    const last = tokens[lastIndex] as Token;
    const dot = tokens[lastIndex + 1];
    const dotJoins = ws[k + 1] === lastIndex + 2 || lastIndex + 1 === run.last;
    const hasDot = dot !== undefined && dot.text === '.' && dot.start === last.end && dotJoins;
    let lower = first.lower;
    for (let t = firstIndex + 1; t <= lastIndex; t++) lower += (tokens[t] as Token).lower;
    const particle = firstIndex === lastIndex && !first.cap && NAME_PARTICLES.has(lower);
    const f = partFacts(lower, g);
    const initial = firstIndex === lastIndex && first.text.length === 1 && first.cap;
    // Every field spelled out: object spread here was the analysis's hottest spot.
    parts.push({
      first: f.first,
      last: f.last,
      place: f.place,
      demonym: f.demonym,
      // "A. Roy": an initial is never the article "a".
      common: f.common && !initial,
      start: first.start,
      end: hasDot ? (dot as Token).end : last.end,
      lower,
      particle,
      initial,
      upper: first.upper,
      token: firstIndex,
    });
    k++;
  }
  return parts;
}

// A hyphenated word is looked up whole first, then by its pieces: "Marie-Claire" is a first
// name if both pieces are, "Müller-Lüdenscheidt" a last name if a piece is.
function partFacts(lower: string, g: Gazetteer): WordFacts {
  const whole = facts(lower, g);
  if (!lower.includes('-')) return whole;
  if (whole.first || whole.last || whole.place) return whole;
  const pieces = lower.split('-').map((p) => facts(p, g));
  return {
    first: pieces.every((p) => p.first),
    last: pieces.some((p) => p.last && !p.common),
    place: undefined,
    demonym: false,
    common: pieces.every((p) => p.common),
  };
}
