/**
 * Test helpers: what a recognizer (or the analyzer) reports, as the matched text and score, so
 * that tests read as "this text finds that value". Not imported by the server.
 */
import { createTextView } from '../text.js';
import type { Finding, Recognizer } from '../types.js';

/** A finding as the text it covers. */
export interface Found {
  readonly entity: string;
  readonly value: string;
  readonly score: number;
}

/** `findings` of `text` as values (offsets are code points). */
export function asFound(text: string, findings: readonly Finding[]): Found[] {
  const codePoints = [...text];
  return findings.map((f) => ({
    entity: f.entityType,
    value: codePoints.slice(f.start, f.end).join(''),
    score: f.score,
  }));
}

/** What `recognizer` reports for `text` (before context, thresholds and overlaps). */
export function found(recognizer: Recognizer, text: string): Found[] {
  return asFound(text, recognizer.analyze(createTextView(text)));
}

/** Only the values `recognizer` reports for `text`. */
export function values(recognizer: Recognizer, text: string): string[] {
  return found(recognizer, text).map((f) => f.value);
}
