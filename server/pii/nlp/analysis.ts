/**
 * One pass of every contextual rule over a text: tokenize once, find runs, classify them, add
 * the pattern-based entities (dates, ages, addresses, ZIP codes, NRP), optionally ask compromise
 * about what is left, then keep the best of overlapping candidates (higher score, then longer,
 * then earlier: the engine's own rule, so that its resolution agrees).
 */
import { findStreetAddresses } from './address.js';
import { findAges } from './age.js';
import { findCasualNames } from './casual.js';
import { classifyRuns } from './classify.js';
import { type Compromise, compromiseSpans, sentenceWindows } from './compromise.js';
import type { Span } from './context.js';
import { findDates } from './dates.js';
import { FACT, type Gazetteer, gazetteer } from './gazetteer.js';
import { findNrp } from './nrp.js';
import { partsOf } from './parts.js';
import { capitalisedRuns } from './runs.js';
import { type Token, tokenize } from './tokens.js';
import { findZipCodes } from './zip.js';

/** How the analysis runs; see `ContextualOptions` in ./index.ts for the public form. */
export interface AnalysisOptions {
  /** Name, place and organisation rules (honorifics, context words, organisation affixes). */
  readonly rules: boolean;
  /** The name and place gazetteers (when false the rules run with empty name and place lists). */
  readonly gazetteers: boolean;
  readonly compromise?:
    | { readonly nlp: Compromise; readonly scope: 'windows' | 'all'; readonly maxWindows: number }
    | undefined;
}

let withoutNames: Gazetteer | undefined;
function noNameLists(g: Gazetteer): Gazetteer {
  if (withoutNames) return withoutNames;
  const names = FACT.FIRST | FACT.LAST | FACT.CITY | FACT.REGION | FACT.COUNTRY;
  const facts = new Map<string, number>();
  for (const [w, m] of g.facts) if (m & ~names) facts.set(w, m & ~names);
  withoutNames = {
    ...g,
    firstNames: new Set(),
    lastNames: new Set(),
    places: new Map(),
    placePhrases: new Map(),
    phraseKinds: new Map(),
    facts,
  };
  return withoutNames;
}

/** Texts longer than this are analysed in pieces of about this size, cut at line ends. */
export const CHUNK_UTF16 = 32 * 1024;

/**
 * All contextual candidates of `text`, overlaps resolved, in UTF-16 offsets. A long text is cut
 * into pieces of about 32 KB at line breaks (or, failing one within 4 KB, at a space): names and
 * addresses do not cross lines, and short-lived pieces keep memory and garbage collection flat,
 * where one pass over 10 MB would hold millions of tokens at once.
 */
export function analyse(text: string, options: AnalysisOptions): Span[] {
  if (text.length <= CHUNK_UTF16 + CHUNK_UTF16 / 2) return analyseChunk(text, options);
  const out: Span[] = [];
  let start = 0;
  while (start < text.length) {
    const end = cutAfter(text, start + CHUNK_UTF16);
    for (const s of analyseChunk(text.slice(start, end), options)) {
      out.push({ type: s.type, start: s.start + start, end: s.end + start, score: s.score, rule: s.rule });
    }
    start = end;
  }
  return out;
}

/** Where to end a piece that should end near `at`: after a line break, else a space, else `at`. */
function cutAfter(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const limit = Math.min(text.length, at + 4096);
  const newline = text.indexOf('\n', at);
  if (newline >= 0 && newline < limit) return newline + 1;
  for (let i = at; i < limit; i++) if (/\s/.test(text[i] as string)) return i + 1;
  // No break at all: cut anyway, but never between the two halves of a surrogate pair.
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at + 1 : at;
}

function analyseChunk(text: string, options: AnalysisOptions): Span[] {
  const full = gazetteer();
  const g = options.gazetteers ? full : noNameLists(full);
  const tokens = tokenize(text);
  const runs = capitalisedRuns(tokens);
  const spans: Span[] = [];
  // Appends without spreading: a 10 MB text has more candidates than a call's arguments may hold.
  const add = (more: readonly Span[]): void => {
    for (const s of more) spans.push(s);
  };
  add(findDates(text));
  add(findAges(text));
  add(findStreetAddresses(tokens, g));
  add(findZipCodes(text, tokens, g));
  if (options.rules) {
    add(classifyRuns(tokens, runs, g));
    add(findNrp(tokens, g));
    add(findCasualNames(tokens, g));
  }
  const c = options.compromise;
  if (c) {
    let windows: [number, number][];
    if (c.scope === 'all') windows = [[0, text.length]];
    else {
      // Runs no rule explained and that hold a word no list knows: the names the lists miss.
      const taken = new Uint8Array(text.length);
      for (const s of resolve(spans, text.length)) taken.fill(1, s.start, s.end);
      const unexplained: [number, number][] = [];
      for (const run of runs) {
        const start = (tokens[run.first] as Token).start;
        const end = (tokens[run.last] as Token).end;
        if (taken.subarray(start, end).includes(1)) continue;
        if (partsOf(tokens, run, g).some((p) => !p.common && !p.particle && !p.upper))
          unexplained.push([start, end]);
      }
      windows = sentenceWindows(text, unexplained, 200, c.maxWindows);
    }
    for (const [a, z] of windows) add(compromiseSpans(c.nlp, text, a, z, 0.6));
  }
  return resolve(spans, text.length);
}

/**
 * Keeps the best of overlapping spans: higher score, then longer, then earlier. Linear in the
 * text's length plus n log n in the number of spans.
 */
export function resolve(spans: readonly Span[], length: number): Span[] {
  const order = [...spans].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const used = new Uint8Array(length + 1);
  const kept: Span[] = [];
  for (const s of order) {
    let free = true;
    for (let i = s.start; i < s.end && free; i++) if (used[i] === 1) free = false;
    if (!free) continue;
    used.fill(1, s.start, s.end);
    kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}
