/**
 * Decides what each capitalised run is: a title and a person ("Dr. Helga Müller"), an
 * organisation ("St Mary's Hospital"), a place ("New York"), a person by the name lists ("John
 * Smith"), or nothing. The order of the checks is the order of their reliability.
 */
import { PLACE_PREFIXES, personContext, placeContext, type Span } from './context.js';
import { firmAt } from './firms.js';
import type { Gazetteer } from './gazetteer.js';
import {
  HONORIFICS,
  JOB_WORDS,
  NON_NAMES,
  ORG_PREFIXES,
  ORG_SUFFIXES,
  PERSON_CONTEXT,
  STANDALONE_TITLES,
  WEAK_HONORIFICS,
  WEAK_ORG_SUFFIXES,
} from './lexicon.js';
import { type Part, partsOf } from './parts.js';
import type { Run } from './runs.js';
import { type Clues, classifySingle } from './single.js';
import type { Token } from './tokens.js';

/** Classifies every run; returns candidate spans (they may overlap; the caller resolves). */
export function classifyRuns(tokens: readonly Token[], runs: readonly Run[], g: Gazetteer): Span[] {
  const out: Span[] = [];
  for (let r = 0; r < runs.length; r++) {
    const firm = firmAt(tokens, runs, r, g);
    if (firm) {
      out.push(firm.span);
      r = firm.lastRun;
      continue;
    }
    const run = runs[r] as Run;
    const parts = partsOf(tokens, run, g);
    const merged = surnameFirst(tokens, run, parts, runs[r + 1], g);
    if (merged) {
      out.push(merged);
      r++;
      continue;
    }
    classifyParts(tokens, run, parts, g, out);
  }
  return out;
}

const span = (type: string, from: Part, to: Part, score: number, rule: string): Span => ({
  type,
  start: from.start,
  end: to.end,
  score,
  rule,
});

/** ", Kylee." at a sentence's end: a single word addressed to someone after a comma. */
function vocative(tokens: readonly Token[], run: Run): boolean {
  const before = tokens[run.first - 1];
  const after = tokens[run.last + 1];
  return (
    run.words.length === 1 &&
    before?.text === ',' &&
    (after === undefined || ['.', '!', '?'].includes(after.text))
  );
}

const nameLike = (p: Part): boolean => p.first || p.last || p.initial || (!p.common && !p.upper);

// "SMITH, John" (discharge-note style): a capitalised surname, a comma, then a given name.
function surnameFirst(
  tokens: readonly Token[],
  run: Run,
  parts: readonly Part[],
  next: Run | undefined,
  g: Gazetteer,
): Span | undefined {
  const only = parts[0];
  if (parts.length !== 1 || only === undefined || next === undefined) return undefined;
  if (tokens[run.last + 1]?.text !== ',' || next.first !== run.last + 2) return undefined;
  const strong = only.upper || personContext(tokens, run.first);
  if (!strong || !(only.last || (!only.common && only.upper)) || only.common) return undefined;
  const rest = partsOf(tokens, next, g);
  const given = rest[0];
  if (given === undefined || given.upper || !(given.first || (only.upper && !given.common))) return undefined;
  const end = rest[1] && (rest[1].first || rest[1].initial) ? rest[1] : given;
  return span('PERSON', only, end, 0.85, 'person_surname_first');
}

function classifyParts(tokens: readonly Token[], run: Run, all: Part[], g: Gazetteer, out: Span[]): void {
  let parts = all;
  const clues: Clues = {
    person: personContext(tokens, run.first) || vocative(tokens, run),
    place: placeContext(tokens, run.first),
    sentenceStart: run.sentenceStart,
  };
  let title: [Part, Part] | undefined;
  // Leading honorifics ("Prof. Dr.") become one TITLE; greetings and context words ("Dear",
  // "Patient") are dropped.
  while (parts.length > 1) {
    const p = parts[0] as Part;
    const n = parts[1] as Part;
    if (HONORIFICS.has(p.lower) && (!WEAK_HONORIFICS.has(p.lower) || (nameLike(n) && !n.common))) {
      title = [title ? title[0] : p, p];
    } else if (title) break;
    else if (NON_NAMES.has(p.lower) || PERSON_CONTEXT.has(p.lower)) {
      if (PERSON_CONTEXT.has(p.lower)) clues.person = true;
    } else break;
    parts = parts.slice(1);
    clues.sentenceStart = false;
  }
  if (title) {
    out.push(span('TITLE', title[0], title[1], 0.85, 'title_honorific'));
    const last = parts[parts.length - 1] as Part;
    out.push(span('PERSON', parts[0] as Part, last, 0.9, 'person_honorific'));
    return;
  }
  const restAfterOrg = organisation(parts, clues, out);
  if (restAfterOrg === undefined) return;
  parts = restAfterOrg;
  if (jobTitle(parts, clues, out)) return;
  segment(parts, clues, g, out);
}

// An organisation: capitalised words ending with a suffix ("Mercy Hospital", "Acme Ltd.") or
// starting with a prefix ("Bank of Scotland", "Klinikum Stuttgart"). Returns the parts left after
// it (empty when the whole run was one), or undefined when nothing remains to classify.
function organisation(parts: Part[], clues: Clues, out: Span[]): Part[] | undefined {
  let end = -1;
  // A hyphenated name ending in an organisation word is one ("St.-Kolb-Krankenhaus").
  const lonely = parts.length === 1 && (parts[0] as Part).lower.includes('-');
  if (lonely && ORG_SUFFIXES.has(lastPiece((parts[0] as Part).lower))) end = 0;
  for (let i = parts.length - 1; i >= 1 && end < 0; i--) {
    const p = parts[i] as Part;
    if (!ORG_SUFFIXES.has(lastPiece(p.lower))) continue;
    const before = parts.slice(0, i);
    if (!WEAK_ORG_SUFFIXES.has(p.lower) || before.some((b) => !b.common)) end = i;
  }
  const first = parts[0] as Part;
  if (end < 0 && parts.length >= 2 && ORG_PREFIXES.has(first.lower)) {
    if (parts.slice(1).some((p) => !p.common || p.place !== undefined)) end = parts.length - 1;
  }
  if (end < 0) return parts;
  let start = 0;
  // "Visit Mercy General Hospital": a sentence's first word is not part of the name.
  while (
    clues.sentenceStart &&
    start < end - 1 &&
    (parts[start] as Part).common &&
    !ORG_PREFIXES.has((parts[start] as Part).lower)
  ) {
    start++;
  }
  out.push(span('ORGANIZATION', parts[start] as Part, parts[end] as Part, 0.85, 'organization_affix'));
  const rest = parts.slice(end + 1);
  return rest.length > 0 ? rest : undefined;
}

const lastPiece = (lower: string): string => lower.slice(lower.lastIndexOf('-') + 1);

// German compounds end with their job word ("Filialleiter", "Kundenberater", "Oberärztin").
const COMPOUND_JOBS = [
  'leiter',
  'leiterin',
  'berater',
  'beraterin',
  'arzt',
  'ärztin',
  'pfleger',
  'pflegerin',
  'führer',
  'führerin',
  'direktor',
  'direktorin',
  'schwester',
  'manager',
  'managerin',
];
const isJob = (lower: string): boolean =>
  JOB_WORDS.has(lower) || COMPOUND_JOBS.some((j) => lower.length > j.length + 2 && lower.endsWith(j));

// A job title ("Senior Data Officer", "Head Nurse", "CEO"), possibly before a name ("Nurse Jackie
// Smith"). True when the parts were consumed.
function jobTitle(parts: Part[], clues: Clues, out: Span[]): boolean {
  let job = -1;
  for (let i = 0; i < parts.length; i++) if (isJob((parts[i] as Part).lower)) job = i;
  if (job < 0) return false;
  const head = parts.slice(0, job + 1);
  if (head.some((p) => p.place !== undefined || (p.first && !p.common && !isJob(p.lower)))) return false;
  const tail = parts.slice(job + 1);
  const first = parts[0] as Part;
  const last = parts[job] as Part;
  if (tail.length === 0) {
    const alone = head.length === 1;
    if (alone && clues.sentenceStart && !STANDALONE_TITLES.has(first.lower)) return true;
    out.push(span('TITLE', first, last, alone ? 0.6 : 0.75, 'title_job'));
    return true;
  }
  const name = tail[0] as Part;
  if (!nameLike(name) || (name.common && !name.first)) return false;
  out.push(span('TITLE', first, last, 0.8, 'title_job'));
  out.push(span('PERSON', name, tail[tail.length - 1] as Part, 0.85, 'person_after_title'));
  return true;
}

// Left to right: place phrases, then names of several parts, then single words.
function segment(parts: Part[], clues: Clues, g: Gazetteer, out: Span[]): void {
  let s = 0;
  if (clues.sentenceStart) {
    // "Yesterday John Smith came": drop common words at a sentence's start, but not "Will Smith".
    while (s < parts.length - 1) {
      const p = parts[s] as Part;
      const n = parts[s + 1] as Part;
      if (!p.common || (p.first && (n.last || !n.common))) break;
      s++;
    }
  }
  while (s < parts.length) {
    const ss = clues.sentenceStart && s === 0;
    const phraseEnd = placePhrase(parts, s, g);
    if (phraseEnd >= 0) {
      const score = clues.place ? 0.9 : 0.85;
      out.push(span('LOCATION', parts[s] as Part, parts[phraseEnd] as Part, score, 'location_phrase'));
      s = phraseEnd + 1;
      continue;
    }
    const place = prefixedPlace(parts, s, clues);
    if (place) {
      out.push(span('LOCATION', parts[s] as Part, parts[s + 1] as Part, place, 'location_prefix'));
      s += 2;
      continue;
    }
    const person = personName(parts, s, clues.person);
    if (person) {
      out.push(span('PERSON', parts[s] as Part, parts[person.end] as Part, person.score, 'person_names'));
      s = person.end + 1;
      continue;
    }
    const single = classifySingle(parts[s] as Part, { ...clues, sentenceStart: ss });
    if (single) out.push(span(single.type, parts[s] as Part, parts[s] as Part, single.score, single.rule));
    s++;
  }
}

/** "Port Clara", "West Elviebury", "Bad Homburg": a place prefix and a name; its score or 0. */
function prefixedPlace(parts: readonly Part[], s: number, clues: Clues): number {
  const a = parts[s] as Part;
  const n = parts[s + 1];
  if (!n || !PLACE_PREFIXES.has(a.lower) || n.common || n.particle || n.upper) return 0;
  if (clues.place && s === 0) return 0.85;
  // Names do not follow "Lake", "Port" or "North": "Lake Mathilde" is a place.
  return 0.75;
}

/** The longest multi-word place ("new york", "united kingdom") starting at part `s`; -1 if none. */
function placePhrase(parts: readonly Part[], s: number, g: Gazetteer): number {
  const candidates = g.placePhrases.get((parts[s] as Part).lower);
  if (!candidates) return -1;
  for (const words of candidates) {
    if (s + words.length > parts.length) continue;
    // Parts keep hyphens and drop dots; the phrase's words are split on both.
    const text = parts
      .slice(s, s + words.length)
      .map((p) => p.lower)
      .join(' ');
    const want = words
      .filter((w) => w !== '.')
      .join(' ')
      .replace(/ - /g, '-');
    if (text === want) return s + words.length - 1;
  }
  return -1;
}

/** How much a part looks like part of a name: 2 listed, 1 listed but common or unknown, 0 not. */
function strength(p: Part): number {
  if (p.first || p.last) return p.common ? 1 : 2;
  if (p.initial) return 1;
  return p.common || p.place !== undefined || p.upper ? 0 : 1;
}

/**
 * A name of two to four parts starting at `s` ("John Smith", "J. R. Tolkien", "Anna van Dijk").
 * Its score comes from how name-like its first and last parts are; two weak parts make a name
 * only after a person context word.
 */
function personName(
  parts: readonly Part[],
  s: number,
  context: boolean,
): { end: number; score: number } | undefined {
  const a = parts[s] as Part;
  if (a.particle || strength(a) === 0) return undefined;
  let e = s;
  while (e + 1 < parts.length && e - s < 3) {
    const n = parts[e + 1] as Part;
    const placeOnly = n.place !== undefined && !n.first && !n.last;
    if (placeOnly || (!n.particle && strength(n) === 0)) break;
    e++;
  }
  while (e > s && (parts[e] as Part).particle) e--;
  if (e === s) return undefined;
  const total = strength(a) + strength(parts[e] as Part);
  // An initial before a capitalised word ("J. Smith") is as good as a listed given name.
  let score =
    total === 4 || (a.initial && total === 3) ? 0.9 : total === 3 || a.initial ? 0.8 : context ? 0.65 : 0;
  if (score === 0) return undefined;
  if (context) score = Math.min(0.95, score + 0.05);
  return { end: e, score };
}
