/**
 * Builds the gazetteers of the contextual PII recognizers (server/pii/nlp/data/*.json) from data
 * that is already on disk: @faker-js/faker's locale definitions (MIT) and compromise's lexicon
 * (MIT). Nothing is downloaded. Run with `npx tsx scripts/eval/build-gazetteers.ts`; the output
 * is deterministic, so running it twice gives the same files.
 *
 * The lists are written as TypeScript modules holding one newline-separated string each, so that
 * they travel with `tsc` and the esbuild bundle of the single executable without a file loader.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fakerLocales from '@faker-js/faker';
import nlp from 'compromise';
import { isHeldOutEntry } from './holdout.js';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/pii/nlp/data');

/** Locales whose people and cities the gazetteers cover: Western Europe and the Americas first. */
const NAME_LOCALES = [
  'en',
  'en_GB',
  'en_IE',
  'de',
  'de_AT',
  'de_CH',
  'fr',
  'es',
  'it',
  'nl',
  'pt_PT',
  'pt_BR',
  'pl',
  'sv',
  'nb_NO',
  'da',
  'fi',
  'tr',
  'cs_CZ',
  'hu',
  'ro',
] as const;
const COUNTRY_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
const REGION_LOCALES = ['en', 'en_GB', 'en_CA', 'en_AU', 'de', 'de_AT', 'de_CH', 'fr', 'es', 'it'] as const;

type Json = unknown;
const locales = fakerLocales as unknown as Record<string, Record<string, Record<string, Json>> | undefined>;

/** Every string in a faker definition value: an array, or `{ generic, female, male }` of arrays. */
function strings(value: Json): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function fromFaker(localeIds: readonly string[], section: string, key: string): string[] {
  return localeIds.flatMap((id) => strings(locales[id]?.[section]?.[key]));
}

// compromise keeps its lexicon as word -> tag (or "TagA|TagB"); a word may carry several tags.
const lexicon = (nlp.world() as { model: { one: { lexicon: Record<string, string | string[]> } } }).model.one
  .lexicon;
function tagsOf(word: string): string[] {
  const v = lexicon[word];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((t) => t.split('|'));
}
function fromLexicon(...tags: string[]): string[] {
  return Object.keys(lexicon).filter((w) => tagsOf(w).some((t) => tags.includes(t)));
}

/** Tags of compromise's lexicon that mean "a name or a place", not a common word. */
const PROPER_TAGS = new Set([
  'FemaleName',
  'MaleName',
  'FirstName',
  'LastName',
  'Person',
  'City',
  'Country',
  'Region',
  'Place',
  'ProperNoun',
  'Organization',
  'SportsTeam',
  'Demonym',
]);

/** Lower-cases, trims, drops entries with digits or stray symbols, dedupes and sorts. */
function clean(entries: Iterable<string>, options: { holdOut: boolean }): string[] {
  const out = new Set<string>();
  for (const raw of entries) {
    const e = raw.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
    if (e.length < 2 || !/^[\p{L}\p{M}][\p{L}\p{M}' .\-’]*$/u.test(e)) continue;
    if (options.holdOut && isHeldOutEntry(e)) continue;
    out.add(e);
  }
  return [...out].sort();
}

function writeList(file: string, name: string, doc: string, entries: readonly string[]): void {
  for (const e of entries) if (/\n/.test(e)) throw new Error(`unexpected newline in ${e}`);
  // Data, not code: one JSON string with an entry per line (imported with { type: 'json' }).
  const body = `${JSON.stringify(entries.join('\n'))}\n`;
  writeFileSync(path.join(outDir, file), body);
  process.stdout.write(`${file}: ${name} (${doc}) ${entries.length} entries, ${body.length} bytes\n`);
}

const firstNames = clean(
  [
    ...fromFaker(NAME_LOCALES, 'person', 'first_name'),
    ...fromFaker(NAME_LOCALES, 'person', 'middle_name'),
    ...fromLexicon('FemaleName', 'MaleName', 'FirstName'),
  ],
  { holdOut: true },
);
const lastNames = clean([...fromFaker(NAME_LOCALES, 'person', 'last_name'), ...fromLexicon('LastName')], {
  holdOut: true,
});
const cities = clean([...fromFaker(NAME_LOCALES, 'location', 'city_name'), ...fromLexicon('City')], {
  holdOut: true,
});
// Countries and regions are closed classes: a complete list is realistic, so none is held out.
const countries = clean([...fromFaker(COUNTRY_LOCALES, 'location', 'country'), ...fromLexicon('Country')], {
  holdOut: false,
});
const regions = clean(
  [
    ...fromFaker(REGION_LOCALES, 'location', 'state'),
    ...fromFaker(['en_GB'], 'location', 'county'),
    ...fromLexicon('Region'),
  ],
  { holdOut: false },
);
// Single common words (verbs, adjectives, nouns, months...) that are not only names: used to
// tell "Will" or "Hope" at the start of a sentence from a name.
// faker's English word lists (nouns, verbs, adjectives...) add everyday words the lexicon lacks.
const commonWords = clean(
  [
    ...Object.keys(lexicon).filter((w) => !w.includes(' ') && tagsOf(w).some((t) => !PROPER_TAGS.has(t))),
    ...Object.values(locales.en?.word ?? {}).flatMap(strings),
  ].filter((w) => !w.includes(' ')),
  { holdOut: false },
);

// Street types. faker's English list is the USPS Publication 28 suffix list; the others are the
// words that come before the name in French, Spanish, Italian, Portuguese and Dutch addresses.
const streetTypes = clean(
  fromFaker(['en', 'en_GB', 'en_AU', 'nl'], 'location', 'street_suffix').filter((s) => !s.includes(' ')),
  { holdOut: false },
);
const streetPrefixes = clean(
  [
    ...fromFaker(['fr', 'pt_PT'], 'location', 'street_prefix'),
    ...fromFaker(['es', 'it'], 'location', 'street_suffix'),
  ].filter((s) => !s.includes(' ')),
  { holdOut: false },
);

writeList('firstNames.json', 'FIRST_NAMES', 'Given names (faker locales, compromise lexicon)', firstNames);
writeList('lastNames.json', 'LAST_NAMES', 'Family names (faker locales, compromise lexicon)', lastNames);
writeList('cities.json', 'CITIES', 'City names (faker `city_name`, compromise `City`)', cities);
writeList(
  'regions.json',
  'REGIONS',
  'States, provinces, counties and regions (faker, compromise `Region`)',
  regions,
);
writeList(
  'countries.json',
  'COUNTRIES',
  'Country names in en, de, fr, es, it, nl (faker, compromise)',
  countries,
);
writeList(
  'commonWords.json',
  'COMMON_WORDS',
  'English words that are not only proper nouns (compromise lexicon, faker `word`)',
  commonWords,
);
writeList(
  'streetTypes.json',
  'STREET_TYPES',
  'Street types after the name (USPS suffixes, en_GB, en_AU, nl)',
  streetTypes,
);
writeList(
  'streetPrefixes.json',
  'STREET_PREFIXES',
  'Street types before the name (fr, es, it, pt: rue, calle, via, rua)',
  streetPrefixes,
);
writeList(
  'demonyms.json',
  'DEMONYMS',
  'Nationalities and other demonyms (compromise `Demonym`)',
  clean(fromLexicon('Demonym'), { holdOut: false }),
);
