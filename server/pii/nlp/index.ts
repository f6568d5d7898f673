/**
 * Contextual recognizers of the PII engine (issue 6): PERSON, LOCATION, ORGANIZATION, NRP,
 * TITLE, DATE_TIME, AGE, STREET_ADDRESS and ZIP_CODE. Names and places come from gazetteers
 * (./data), honorifics, organisation affixes, context words and address layouts; compromise can
 * be added for names no list holds, at a large cost in speed. See ./README.md for the design and
 * the measured accuracy and speed of each configuration.
 */
import type { EntityType, Finding, Recognizer, TextView } from '../types.js';
import { type AnalysisOptions, analyse } from './analysis.js';
import type { Compromise } from './compromise.js';

export { type Compromise, loadCompromise } from './compromise.js';

/** The entity types these recognizers produce, and the recognizer name of each. */
export const CONTEXTUAL_RECOGNIZERS: Readonly<Record<EntityType, string>> = Object.freeze({
  PERSON: 'person_nlp',
  LOCATION: 'location_nlp',
  ORGANIZATION: 'organization_nlp',
  NRP: 'nrp_nlp',
  TITLE: 'title_nlp',
  DATE_TIME: 'date_time',
  AGE: 'age',
  STREET_ADDRESS: 'street_address',
  ZIP_CODE: 'zip_code',
});

/** Options of `contextualRecognizers`. Every field is optional; the defaults are the fast path. */
export interface ContextualOptions {
  /** Entity types to recognize (default: all of `CONTEXTUAL_RECOGNIZERS`). */
  readonly entities?: readonly EntityType[];
  /**
   * compromise (from `loadCompromise()`), for names and places that no list holds. Off by
   * default: it costs about 35 ms per KB of text it reads. `scope: 'windows'` (the default when
   * given) reads only the sentences around capitalised words nothing else explained, at most
   * `maxWindows` (default 4) per text; `'all'` reads the whole text.
   */
  readonly compromise?: {
    readonly nlp: Compromise;
    readonly scope?: 'windows' | 'all';
    readonly maxWindows?: number;
  };
  /**
   * For measurements only (the evaluation's ablation): `rules: false` turns off the name, place,
   * organisation, title and NRP rules; `gazetteers: false` runs them with empty name and place
   * lists. Both default to true.
   */
  readonly rules?: boolean;
  readonly gazetteers?: boolean;
}

/**
 * Builds the contextual recognizers, one per entity type. They share one analysis per
 * `TextView` (computed by whichever is called first, cached weakly), so calling all of them
 * costs one pass over the text. Pure and synchronous; offsets are code point indices.
 */
export function contextualRecognizers(options: ContextualOptions = {}): Recognizer[] {
  const c = options.compromise;
  const analysisOptions: AnalysisOptions = {
    rules: options.rules ?? true,
    gazetteers: options.gazetteers ?? true,
    compromise: c && { nlp: c.nlp, scope: c.scope ?? 'windows', maxWindows: c.maxWindows ?? 4 },
  };
  const entities = options.entities ?? Object.keys(CONTEXTUAL_RECOGNIZERS);
  for (const e of entities) {
    if (!(e in CONTEXTUAL_RECOGNIZERS)) throw new TypeError(`unknown contextual entity type: ${e}`);
  }
  const cache = new WeakMap<TextView, Map<EntityType, Finding[]>>();
  const findings = (view: TextView): Map<EntityType, Finding[]> => {
    let byType = cache.get(view);
    if (byType) return byType;
    byType = new Map();
    for (const s of analyse(view.text, analysisOptions)) {
      const recognizer = CONTEXTUAL_RECOGNIZERS[s.type];
      if (recognizer === undefined) continue;
      const list = byType.get(s.type) ?? [];
      list.push({
        entityType: s.type,
        start: view.toCodePoint(s.start),
        end: view.toCodePoint(s.end),
        score: s.score,
        recognizer,
      });
      byType.set(s.type, list);
    }
    cache.set(view, byType);
    return byType;
  };
  return entities.map((entityType) => ({
    name: CONTEXTUAL_RECOGNIZERS[entityType] as string,
    entities: [entityType],
    analyze: (view: TextView) => [...(findings(view).get(entityType) ?? [])],
  }));
}
