/**
 * What a lone capitalised word is: a person's given or family name, a place, or nothing. Here
 * the name lists and the context decide, and ambiguity (a word that is also an ordinary English
 * word, a city that is also a name) costs score.
 */
import { PLACE_PREFIXES, placeShaped } from './context.js';
import type { Part } from './parts.js';

/** What surrounds the word. */
export interface Clues {
  /** A person context word before it ("Patient", "Dear", "Name:"). */
  person: boolean;
  /** A place context word right before it ("in", "from", "born in"). */
  place: boolean;
  /** It starts a sentence or a line, where capitalisation proves nothing. */
  sentenceStart: boolean;
}

/** A decision about one word. */
export interface Decision {
  readonly type: 'PERSON' | 'LOCATION';
  readonly score: number;
  readonly rule: string;
}

/** Classifies one part; undefined when it is probably not personal data. */
export function classifySingle(p: Part, clues: Clues): Decision | undefined {
  if (p.particle || p.initial || p.demonym) return undefined;
  // Acronyms ("ICU", "NHS") are not names unless a list says so.
  if (p.upper && p.lower.length <= 4 && !p.first && !p.last && p.place === undefined) return undefined;
  const name = p.first || p.last;
  if (clues.place && (p.place !== undefined || (!p.common && !name) || placeShaped(p.lower))) {
    return { type: 'LOCATION', score: p.place !== undefined ? 0.85 : 0.6, rule: 'location_context' };
  }
  if (clues.person && (name || !p.common) && p.place !== 'country') {
    return { type: 'PERSON', score: name ? 0.85 : 0.6, rule: 'person_context' };
  }
  if (p.place === 'country' || p.place === 'region') {
    if (p.common && clues.sentenceStart) return undefined;
    return { type: 'LOCATION', score: p.common ? 0.6 : 0.85, rule: 'location_gazetteer' };
  }
  if (name) {
    // A city that is also a given name ("Florence", "Austin") is a person without place context;
    // one that is only a family name ("Lincoln") is a place.
    if (p.place === 'city' && !p.first) {
      return clues.sentenceStart && p.common
        ? undefined
        : { type: 'LOCATION', score: 0.6, rule: 'location_gazetteer' };
    }
    if (p.common)
      return clues.sentenceStart ? undefined : { type: 'PERSON', score: 0.6, rule: 'person_gazetteer' };
    return { type: 'PERSON', score: clues.sentenceStart ? 0.6 : 0.7, rule: 'person_gazetteer' };
  }
  if (p.place === 'city') {
    if (p.common)
      return clues.sentenceStart ? undefined : { type: 'LOCATION', score: 0.55, rule: 'location_gazetteer' };
    return { type: 'LOCATION', score: clues.sentenceStart ? 0.65 : 0.75, rule: 'location_gazetteer' };
  }
  if (!p.common && !clues.sentenceStart && (placeShaped(p.lower) || PLACE_PREFIXES.has(p.lower))) {
    return { type: 'LOCATION', score: 0.5, rule: 'location_shape' };
  }
  return undefined;
}
