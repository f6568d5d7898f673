/**
 * THE ONE PLACE where the contextual recognizers (PERSON, LOCATION, ORGANIZATION, NRP, TITLE,
 * DATE_TIME, AGE, STREET_ADDRESS, ZIP_CODE; gazetteers, honorifics and context rules in ../nlp/)
 * join the engine. Everything else (the CLI, the benchmark, the server through engine.ts) gets
 * them from here, so a change of their options (for example turning compromise on, see
 * ../nlp/index.ts) is made once.
 */
import type { PiiConfig } from './config.js';
import { CONTEXTUAL_RECOGNIZERS, contextualRecognizers } from './nlp/index.js';
import type { Recognizer } from './types.js';

/** The contextual recognizers for the entity types `config` enables (none enabled: none built). */
export function defaultContextualRecognizers(config: PiiConfig): Recognizer[] {
  const entities = Object.keys(CONTEXTUAL_RECOGNIZERS).filter((e) => config.entities.has(e));
  return entities.length > 0 ? contextualRecognizers({ entities }) : [];
}
