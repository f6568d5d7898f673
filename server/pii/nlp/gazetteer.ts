/**
 * The gazetteers, built once on first use from the generated lists in ./data (JSON data: one
 * string, entries separated by newlines; see
 * ./data/README.md for their sources and licences). Lookups take lower-case words or phrases.
 */
import CITIES from './data/cities.json' with { type: 'json' };
import COMMON_WORDS from './data/commonWords.json' with { type: 'json' };
import COUNTRIES from './data/countries.json' with { type: 'json' };
import DEMONYMS from './data/demonyms.json' with { type: 'json' };
import FIRST_NAMES from './data/firstNames.json' with { type: 'json' };
import LAST_NAMES from './data/lastNames.json' with { type: 'json' };
import REGIONS from './data/regions.json' with { type: 'json' };
import STREET_PREFIXES from './data/streetPrefixes.json' with { type: 'json' };
import STREET_TYPES from './data/streetTypes.json' with { type: 'json' };
import { AMBIGUOUS_NAMES, DOMAIN_WORDS, NATIONALITIES, NON_NAMES } from './lexicon.js';

/** What a place entry is; countries and regions are closed lists, cities an open one. */
export type PlaceKind = 'city' | 'country' | 'region';

/** Multi-word entries indexed by their first word, longest first, split into words. */
export type PhraseIndex = ReadonlyMap<string, readonly (readonly string[])[]>;

/** The loaded gazetteers. */
export interface Gazetteer {
  readonly firstNames: ReadonlySet<string>;
  readonly lastNames: ReadonlySet<string>;
  /** Single-word places. */
  readonly places: ReadonlyMap<string, PlaceKind>;
  /** Multi-word places ("new york", "united kingdom"), each with its kind in `phraseKinds`. */
  readonly placePhrases: PhraseIndex;
  readonly phraseKinds: ReadonlyMap<string, PlaceKind>;
  readonly demonyms: ReadonlySet<string>;
  readonly commonWords: ReadonlySet<string>;
  readonly streetTypes: ReadonlySet<string>;
  readonly streetPrefixes: ReadonlySet<string>;
  /**
   * Everything known about a single word in one lookup, as a bit set of `FACT` flags: the
   * lists above plus the hand-written everyday words of ./lexicon.ts.
   */
  readonly facts: ReadonlyMap<string, number>;
}

/** Bits of `Gazetteer.facts`. */
export const FACT = Object.freeze({
  FIRST: 1,
  LAST: 2,
  DEMONYM: 4,
  COMMON: 8,
  CITY: 16,
  REGION: 32,
  COUNTRY: 64,
});

/** The bits `Gazetteer.facts` holds for a word (0 when nothing is known). */
export function factsMask(
  word: string,
  lists: Pick<Gazetteer, 'firstNames' | 'lastNames' | 'places' | 'demonyms' | 'commonWords'>,
): number {
  let m = 0;
  if (lists.firstNames.has(word)) m |= FACT.FIRST;
  if (lists.lastNames.has(word)) m |= FACT.LAST;
  if (lists.demonyms.has(word) || NATIONALITIES.has(word)) m |= FACT.DEMONYM;
  if (
    lists.commonWords.has(word) ||
    NON_NAMES.has(word) ||
    DOMAIN_WORDS.has(word) ||
    AMBIGUOUS_NAMES.has(word)
  ) {
    m |= FACT.COMMON;
  }
  const place = lists.places.get(word);
  if (place === 'city') m |= FACT.CITY;
  else if (place === 'region') m |= FACT.REGION;
  else if (place === 'country') m |= FACT.COUNTRY;
  return m;
}

const lines = (data: string): string[] => data.split('\n').filter((l) => l.length > 0);

// Words are split the way the tokenizer splits them: hyphens and dots are tokens of their own.
const words = (phrase: string): string[] =>
  phrase.split(/\s+|(?=[-.])|(?<=[-.])/).filter((w) => w.length > 0);

let loaded: Gazetteer | undefined;

/** The gazetteers (about 40,000 entries; built in a few milliseconds on first call). */
export function gazetteer(): Gazetteer {
  if (loaded) return loaded;
  const places = new Map<string, PlaceKind>();
  const phraseKinds = new Map<string, PlaceKind>();
  const phrases = new Map<string, string[][]>();
  // Countries and regions win over cities of the same name ("Georgia", "Luxembourg").
  const sources: [string, PlaceKind][] = [
    [CITIES, 'city'],
    [REGIONS, 'region'],
    [COUNTRIES, 'country'],
  ];
  for (const [data, kind] of sources) {
    for (const entry of lines(data)) {
      const ws = words(entry);
      // Entries without spaces are single parts of a run even when hyphenated ("aix-en-provence").
      if (!entry.includes(' ')) places.set(entry, kind);
      if (ws.length === 1) continue;
      phraseKinds.set(ws.join(' '), kind);
      const first = ws[0] as string;
      const list = phrases.get(first) ?? [];
      list.push(ws);
      phrases.set(first, list);
    }
  }
  for (const list of phrases.values()) list.sort((a, b) => b.length - a.length);
  const lists = {
    firstNames: new Set(lines(FIRST_NAMES)),
    lastNames: new Set(lines(LAST_NAMES)),
    places,
    demonyms: new Set(lines(DEMONYMS)),
    commonWords: new Set(lines(COMMON_WORDS)),
  };
  const facts = new Map<string, number>();
  const everyWord = [
    lists.firstNames,
    lists.lastNames,
    places.keys(),
    lists.demonyms,
    NATIONALITIES,
    lists.commonWords,
    NON_NAMES,
    DOMAIN_WORDS,
    AMBIGUOUS_NAMES,
  ];
  for (const source of everyWord) for (const w of source) facts.set(w, factsMask(w, lists));
  loaded = {
    ...lists,
    placePhrases: phrases,
    phraseKinds,
    streetTypes: new Set(lines(STREET_TYPES)),
    streetPrefixes: new Set(lines(STREET_PREFIXES)),
    facts,
  };
  return loaded;
}
