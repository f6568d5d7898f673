/**
 * Building blocks of the structured recognizers: running a global pattern over the view and
 * turning UTF-16 match positions into code point findings.
 *
 * Speed: every built-in pattern starts with a rare character class (a digit, `@`, `:`, an upper
 * case letter followed by digits), so V8's regexp engine skips most of the text with its quick
 * first-character check; measured at 1 to 4 GB/s per pattern over prose (scripts/bench/pii.ts).
 * Patterns that would start with a common class (an e-mail's local part) are found from a rare
 * anchor instead (the `@`) and expanded by hand.
 */
import type { EntityType, Finding, Recognizer, TextView } from '../types.js';

/** A candidate before conversion: UTF-16 offsets into `view.text`. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly score: number;
  readonly entityType?: EntityType;
}

/** Every match of `re` (which must have the `g` flag) in `text`; empty matches are skipped. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

/** Converts UTF-16 spans to findings of `entityType` (unless a span names its own). */
export function toFindings(
  view: TextView,
  spans: Iterable<Span>,
  entityType: EntityType,
  recognizer: string,
): Finding[] {
  const out: Finding[] = [];
  for (const s of spans) {
    out.push({
      entityType: s.entityType ?? entityType,
      start: view.toCodePoint(s.start),
      end: view.toCodePoint(s.end),
      score: s.score,
      recognizer,
    });
  }
  return out;
}

/** Declaration of a simple recognizer: a scan over the view's text returning UTF-16 spans. */
export interface SpanRecognizerSpec {
  readonly name: string;
  readonly entity: EntityType;
  /** Extra entity types the scan may name in `Span.entityType`. */
  readonly alsoEntities?: readonly EntityType[];
  readonly context?: readonly string[];
  scan(text: string): Iterable<Span>;
}

/** A Recognizer from a span scan. */
export function spanRecognizer(spec: SpanRecognizerSpec): Recognizer {
  return {
    name: spec.name,
    entities: [spec.entity, ...(spec.alsoEntities ?? [])],
    ...(spec.context && { context: spec.context }),
    analyze: (view) => toFindings(view, spec.scan(view.text), spec.entity, spec.name),
  };
}

/** Whether the code unit is an ASCII letter or digit. */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const WORD_BEFORE = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u;

/**
 * The word just before `index` in `text`, lower-cased (looks back at most 40 code units), or
 * undefined. Used for negative context ("version 1.2.3.4").
 */
export function wordBefore(text: string, index: number): string | undefined {
  const m = WORD_BEFORE.exec(text.slice(Math.max(0, index - 40), index));
  return m?.[1]?.toLowerCase();
}
