/**
 * Shared types of the PII/PHI engine (issue 6). Entity type names are Microsoft Presidio's, so
 * that policies, datasets and tools from that ecosystem carry over.
 *
 * Offsets everywhere in this engine's public output are Unicode code point indices (as in
 * Python and Presidio), never UTF-16 units: `start` inclusive, `end` exclusive.
 */

/** A Presidio entity type name, e.g. `EMAIL_ADDRESS`, `PERSON`, or a custom one from the policy. */
export type EntityType = string;

/** One detected span. */
export interface Finding {
  readonly entityType: EntityType;
  /** Code point index of the first character. */
  readonly start: number;
  /** Code point index one past the last character. */
  readonly end: number;
  /** Confidence in [0, 1], after context words were applied. */
  readonly score: number;
  /** Which recognizer found it (for explanations and the evaluation), e.g. `credit_card`. */
  readonly recognizer: string;
}

/**
 * The text being analysed, prepared once and shared by every recognizer: the original string,
 * the string recognizers match on, and conversions between UTF-16 and code point offsets.
 */
export interface TextView {
  /** The input as given. */
  readonly original: string;
  /**
   * What recognizers run their patterns over. Same UTF-16 length and alignment as `original`
   * (normalisation here must never shift offsets; e.g. zero-width characters are handled by the
   * engine, which documents how).
   */
  readonly text: string;
  /** UTF-16 index in `text` to code point index. */
  toCodePoint(utf16Index: number): number;
  /** Code point index to UTF-16 index in `text`. */
  toUtf16(codePointIndex: number): number;
}

/** A recognizer: finds candidate spans of some entity types. Pure and synchronous. */
export interface Recognizer {
  /** Stable id, lowercase, e.g. `credit_card`, `person_nlp`, `custom:mrn`. */
  readonly name: string;
  /** Entity types it can produce. */
  readonly entities: readonly EntityType[];
  /**
   * Candidates with base scores (before context enhancement; the engine applies context words
   * and thresholds, and resolves overlaps). Offsets in code points.
   */
  analyze(view: TextView): Finding[];
  /** Words that, near a candidate, raise its score (Presidio's context enhancement). */
  readonly context?: readonly string[];
}
