/**
 * What the neighbourhood of a candidate says: the words just before it ("lives in", "Patient:",
 * "Dear") and what the gazetteers know about one word.
 */
import { FACT, type Gazetteer, gazetteer, type PlaceKind } from './gazetteer.js';
import { PERSON_CONTEXT, PLACE_CONTEXT } from './lexicon.js';
import type { Token } from './tokens.js';

/** One internal candidate span, in UTF-16 offsets of `TextView.text`. */
export interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** Which rule produced it (for tests and the evaluation's explanations). */
  readonly rule: string;
}

// Punctuation that may sit between a context word and its candidate ("Name: John", "(born in X)").
const SKIPPABLE = new Set([':', ',', '(', '-', '–', '"', '“', "'", '#', '/']);

/**
 * The up to `max` lower-case words before token `i`, nearest first, on the same line, skipping
 * light punctuation and stopping at a sentence end.
 */
export function wordsBefore(tokens: readonly Token[], i: number, max: number): string[] {
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && out.length < max; j--) {
    const t = tokens[j] as Token;
    const below = tokens[j + 1] as Token;
    if (below.newline && out.length > 0) break;
    if (t.kind === 'word') out.push(t.lower);
    else if (t.kind === 'punct' && !SKIPPABLE.has(t.text)) break;
    if (below.newline) break;
  }
  return out;
}

/** A person context word among the three words before token `i`. */
export function personContext(tokens: readonly Token[], i: number): boolean {
  return wordsBefore(tokens, i, 3).some((w) => PERSON_CONTEXT.has(w));
}

/** A place context word right before token `i` ("in", "from", "lives in", "born in"). */
export function placeContext(tokens: readonly Token[], i: number): boolean {
  const [w] = wordsBefore(tokens, i, 1);
  return w !== undefined && PLACE_CONTEXT.has(w);
}

/** What the gazetteers say about one word. */
export interface WordFacts {
  readonly first: boolean;
  readonly last: boolean;
  readonly place: PlaceKind | undefined;
  readonly demonym: boolean;
  /** An ordinary English word, or one of the words that are never names alone. */
  readonly common: boolean;
}

// One shared, frozen answer per combination of facts: looking a word up allocates nothing.
const BY_MASK: readonly WordFacts[] = Array.from({ length: 128 }, (_, m) =>
  Object.freeze({
    first: (m & FACT.FIRST) !== 0,
    last: (m & FACT.LAST) !== 0,
    place: m & FACT.COUNTRY ? 'country' : m & FACT.REGION ? 'region' : m & FACT.CITY ? 'city' : undefined,
    demonym: (m & FACT.DEMONYM) !== 0,
    common: (m & FACT.COMMON) !== 0,
  } as const),
);

/** Looks one (lower-case) word up in every gazetteer. */
export function facts(word: string, g: Gazetteer = gazetteer()): WordFacts {
  return BY_MASK[g.facts.get(word) ?? 0] as WordFacts;
}

// Endings of place names in English, German, French and Dutch ("Springfield", "Heidelberg").
const PLACE_ENDING =
  /(?:ville|ton|town|burg|burgh|bury|borough|boro|field|ford|haven|port|mouth|chester|cester|shire|stead|worth|furt|berg|stadt|dorf|hausen|heim|ingen|bach|hofen|brück|sur-mer|les-bains|dam|wijk|hoven|by|thorpe|wick|caster|minster|pool|bridge|land|side|view)$/;

/** A word shaped like a place name. */
export function placeShaped(word: string): boolean {
  return word.length > 4 && PLACE_ENDING.test(word);
}

/** First words of place names ("East Harlem", "Port Talbot", "Bad Homburg", "Saint-Malo"). */
export const PLACE_PREFIXES = new Set([
  'north',
  'south',
  'east',
  'west',
  'new',
  'old',
  'port',
  'fort',
  'lake',
  'mount',
  'upper',
  'lower',
  'great',
  'little',
  'saint',
  'st',
  'san',
  'santa',
  'bad',
  'sankt',
  'ost',
  'nord',
  'süd',
  'alt',
  'neu',
  'groß',
  'klein',
  'ober',
  'unter',
  'nieder',
]);
