/**
 * Test helper: runs the contextual recognizers over a text and returns what they found as
 * `TYPE:text` strings in order, cut out by code point offsets, so that a test reads like the
 * sentence it checks.
 */
import { type ContextualOptions, contextualRecognizers } from '../index.js';
import { simpleTextView } from './textView.js';

/** `TYPE:text` for every finding with a score of at least `threshold` (the engine's default). */
export function found(text: string, options: ContextualOptions = {}, threshold = 0.4): string[] {
  const view = simpleTextView(text);
  const cps = [...text];
  return contextualRecognizers(options)
    .flatMap((r) => r.analyze(view))
    .filter((f) => f.score >= threshold)
    .sort((a, b) => a.start - b.start)
    .map((f) => `${f.entityType}:${cps.slice(f.start, f.end).join('')}`);
}

/** Only the findings of one entity type, as their text. */
export function foundOf(type: string, text: string, options: ContextualOptions = {}): string[] {
  return found(text, options)
    .filter((s) => s.startsWith(`${type}:`))
    .map((s) => s.slice(type.length + 1));
}
