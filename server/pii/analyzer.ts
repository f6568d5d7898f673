/**
 * The analyzer: runs the recognizers over prepared text, applies context words and thresholds,
 * resolves overlaps and returns findings in code points of the caller's text.
 *
 * Order of work (each step linear or n log n in the input and the candidates):
 *   1. refuse input over MAX_INPUT_UTF16 (code `pii_input_too_large`);
 *   2. prepare the text once (text.ts: invisible characters removed, digits folded);
 *   3. run each recognizer that can produce an enabled entity type;
 *   4. context enhancement for candidates that a context word could lift over their threshold;
 *   5. per-entity thresholds; 6. overlap resolution (resolve.ts); 7. offsets back to the input.
 *
 * Pure and synchronous: no I/O, no clock, no randomness. The text is attacker-controlled; a
 * recognizer that returns a span outside the text or a score outside [0, 1] has its candidate
 * dropped rather than trusted.
 */
import type { PiiConfig } from './config.js';
import { boosted, type ContextMatcher, contextMatcher, round, wordsAround } from './context.js';
import { MAX_INPUT_UTF16, PiiError } from './errors.js';
import { structuredRecognizers } from './recognizers/index.js';
import { resolveOverlaps } from './resolve.js';
import { codePointLength, prepareText } from './text.js';
import type { EntityType, Finding, Recognizer } from './types.js';

/** Options of {@link Analyzer}. */
export interface AnalyzerOptions {
  /** Contextual recognizers (names, places, dates; see ./contextual.ts). Default none. */
  readonly contextual?: readonly Recognizer[];
  /** Leave the structured recognizers out (for measuring the others). Default false. */
  readonly withoutStructured?: boolean;
}

/** Analyses text under one compiled configuration. Build once per policy bundle; reuse. */
export class Analyzer {
  readonly #config: PiiConfig;
  readonly #recognizers: readonly Recognizer[];
  readonly #matchers = new Map<string, ContextMatcher | null>();

  constructor(config: PiiConfig, options: AnalyzerOptions = {}) {
    this.#config = config;
    const all = [
      ...(options.withoutStructured
        ? []
        : structuredRecognizers({
            phoneRegions: config.phoneRegions,
            phoneContext: config.contextWords.get('PHONE_NUMBER') ?? [],
          })),
      ...(options.contextual ?? []),
      ...config.custom,
    ];
    this.#recognizers = all.filter((r) => r.entities.some((e) => config.entities.has(e)));
  }

  /** Recognizers that run (those with at least one enabled entity type). */
  get recognizers(): readonly Recognizer[] {
    return this.#recognizers;
  }

  /** Findings in `text`, non-overlapping, sorted by start, offsets in code points of `text`. */
  analyze(text: string): Finding[] {
    if (text.length > MAX_INPUT_UTF16) {
      throw new PiiError(
        'pii_input_too_large',
        `text of ${text.length} UTF-16 code units is over the limit of ${MAX_INPUT_UTF16}`,
      );
    }
    const { view, toInput } = prepareText(text);
    const length = codePointLength(view.original);
    const config = this.#config;
    const kept: Finding[] = [];
    for (const recognizer of this.#recognizers) {
      for (const f of recognizer.analyze(view)) {
        if (!config.entities.has(f.entityType)) continue;
        if (!(f.start >= 0 && f.end > f.start && f.end <= length && f.score >= 0 && f.score <= 1)) continue;
        const threshold = config.thresholds.get(f.entityType) ?? config.threshold;
        let score = f.score;
        const matcher = this.#matcher(recognizer, f.entityType);
        // Only candidates that context could lift (or reorder, once over the threshold) pay for it.
        if (matcher && boosted(score, config.context) >= threshold && score < 1) {
          const words = wordsAround(view.text, view.toUtf16(f.start), view.toUtf16(f.end), config.context);
          if (matcher.matches(words)) score = boosted(score, config.context);
        }
        if (round(score) < threshold) continue;
        kept.push(score === f.score ? f : { ...f, score });
      }
    }
    return resolveOverlaps(kept).map((f) => ({ ...f, ...toInput(f.start, f.end) }));
  }

  /** Context words of a recognizer for one entity: its own plus the policy's. */
  #matcher(recognizer: Recognizer, entity: EntityType): ContextMatcher | null {
    const key = `${recognizer.name}\u0000${entity}`;
    let matcher = this.#matchers.get(key);
    if (matcher === undefined) {
      const words = [...(recognizer.context ?? []), ...(this.#config.contextWords.get(entity) ?? [])];
      matcher = words.length > 0 ? contextMatcher(words) : null;
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }
}
