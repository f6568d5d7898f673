/**
 * The analyzers the evaluation can score, each a function from text to predicted spans. All but
 * `nlp-raw` go through the engine's `Analyzer` (server/pii/analyzer.ts) with its default
 * configuration (threshold, context enhancement, overlap resolution), phone regions widened to
 * the set's four locales; they differ in the recognizers it is given.
 */
import { Analyzer } from '../../server/pii/analyzer.js';
import { defaultPiiConfig, type PiiConfig } from '../../server/pii/config.js';
import { type ContextualOptions, contextualRecognizers, loadCompromise } from '../../server/pii/nlp/index.js';
import { simpleTextView } from '../../server/pii/nlp/test-support/textView.js';
import type { ScoredSpan } from './score.js';

/** A predicted span with its score. */
export type Prediction = ScoredSpan & { readonly score: number };
/** What the evaluation scores: any function from text to spans. */
export type AnalyzeFn = (text: string) => Prediction[];

/** One analyzer the evaluation knows. */
export interface NamedAnalyzer {
  readonly name: string;
  readonly description: string;
  readonly analyze: AnalyzeFn;
}

/** Analyzer names, in the order they are printed. */
export const ANALYZER_NAMES = [
  'engine',
  'structured',
  'contextual',
  'compromise-only',
  'no-gazetteers',
  'contextual+compromise-windows',
  'contextual+compromise-all',
  'engine+compromise-windows',
  'nlp-raw',
] as const;
export type AnalyzerName = (typeof ANALYZER_NAMES)[number];

function config(): PiiConfig {
  return { ...defaultPiiConfig(), phoneRegions: ['US', 'GB', 'DE', 'FR'] };
}

function viaEngine(options: ContextualOptions | undefined, structured: boolean): AnalyzeFn {
  const analyzer = new Analyzer(config(), {
    contextual: options ? contextualRecognizers(options) : [],
    withoutStructured: !structured,
  });
  return (text) =>
    analyzer
      .analyze(text)
      .map((f) => ({ entity_type: f.entityType, start: f.start, end: f.end, score: f.score }));
}

/** Builds the named analyzers (compromise is loaded only when one of them needs it). */
export async function buildAnalyzers(names: readonly AnalyzerName[]): Promise<NamedAnalyzer[]> {
  const needsCompromise = names.some((n) => n.includes('compromise'));
  const nlp = needsCompromise ? await loadCompromise() : undefined;
  const withNlp = (scope: 'windows' | 'all', rules = true): ContextualOptions => ({
    rules,
    compromise: { nlp: nlp as NonNullable<typeof nlp>, scope },
  });
  const threshold = defaultPiiConfig().threshold;
  const table: Record<AnalyzerName, () => NamedAnalyzer> = {
    engine: () => ({
      name: 'engine',
      description: 'structured + contextual (the default engine)',
      analyze: viaEngine({}, true),
    }),
    structured: () => ({
      name: 'structured',
      description: 'structured recognizers only',
      analyze: viaEngine(undefined, true),
    }),
    contextual: () => ({
      name: 'contextual',
      description: 'contextual recognizers only (gazetteers + rules)',
      analyze: viaEngine({}, false),
    }),
    'compromise-only': () => ({
      name: 'compromise-only',
      description: 'compromise on the whole text for names/places/orgs; no name rules',
      analyze: viaEngine(withNlp('all', false), false),
    }),
    'no-gazetteers': () => ({
      name: 'no-gazetteers',
      description: 'contextual rules with empty name and place lists',
      analyze: viaEngine({ gazetteers: false }, false),
    }),
    'contextual+compromise-windows': () => ({
      name: 'contextual+compromise-windows',
      description: 'contextual, plus compromise on unexplained sentences',
      analyze: viaEngine(withNlp('windows'), false),
    }),
    'contextual+compromise-all': () => ({
      name: 'contextual+compromise-all',
      description: 'contextual, plus compromise on the whole text',
      analyze: viaEngine(withNlp('all'), false),
    }),
    'engine+compromise-windows': () => ({
      name: 'engine+compromise-windows',
      description: 'structured + contextual + compromise on unexplained sentences',
      analyze: viaEngine(withNlp('windows'), true),
    }),
    'nlp-raw': () => {
      const recognizers = contextualRecognizers();
      return {
        name: 'nlp-raw',
        description: `contextual recognizers called directly (no engine), threshold ${threshold}`,
        analyze: (text) => {
          const view = simpleTextView(text);
          return recognizers
            .flatMap((r) => r.analyze(view))
            .filter((f) => f.score >= threshold)
            .map((f) => ({ entity_type: f.entityType, start: f.start, end: f.end, score: f.score }));
        },
      };
    },
  };
  return names.map((n) => table[n]());
}
