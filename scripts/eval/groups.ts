/**
 * The entity groups the evaluation reports, and the out-of-gazetteer slice.
 *
 * The target is on "the structured identifiers combined with names and places": here
 * the structured identifiers are those the set contains (every one with a check or a strict
 * format), and names and places are PERSON, LOCATION and STREET_ADDRESS.
 */
import { gazetteer } from '../../server/pii/nlp/gazetteer.js';
import type { ScoredSpan } from './score.js';

export const STRUCTURED = [
  'CREDIT_CARD',
  'EMAIL_ADDRESS',
  'IBAN_CODE',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'PHONE_NUMBER',
  'UK_NHS',
  'URL',
  'US_SSN',
] as const;
export const NAMES_AND_PLACES = ['PERSON', 'LOCATION', 'STREET_ADDRESS'] as const;
export const OTHER_CONTEXTUAL = ['AGE', 'DATE_TIME', 'NRP', 'ORGANIZATION', 'TITLE', 'ZIP_CODE'] as const;

/** Group name to its types (null: every type seen, predicted ones included). */
export const GROUPS: Readonly<Record<string, readonly string[] | null>> = {
  structured: STRUCTURED,
  'names+places': NAMES_AND_PLACES,
  'TARGET structured+names+places': [...STRUCTURED, ...NAMES_AND_PLACES],
  'other contextual': OTHER_CONTEXTUAL,
  all: null,
};

/**
 * A labelled PERSON or LOCATION none of whose words is in the shipped gazetteers (the hold-out
 * fifth, or a name no source had): these measure the rules, not the lists.
 */
export function outOfGazetteer(span: ScoredSpan & { text?: string }): boolean {
  if (span.text === undefined) return false;
  const g = gazetteer();
  const words = span.text
    .toLowerCase()
    .split(/[\s,.]+/)
    .filter((w) => w.length > 1);
  if (span.entity_type === 'PERSON') return words.every((w) => !g.firstNames.has(w) && !g.lastNames.has(w));
  if (span.entity_type === 'LOCATION')
    return (
      !g.places.has(words.join(' ')) &&
      !g.phraseKinds.has(words.join(' ')) &&
      words.every((w) => !g.places.has(w))
    );
  return false;
}
