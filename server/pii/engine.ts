/**
 * The engine as the server uses it: one per compiled configuration (that is, per policy bundle),
 * with the three calls a boundary needs. See README.md for where each boundary calls what.
 */
import { Analyzer, type AnalyzerOptions } from './analyzer.js';
import { BOUNDARIES, type Boundary, type PiiConfig, type RestoreRule } from './config.js';
import { defaultContextualRecognizers } from './contextual.js';
import { PiiError } from './errors.js';
import { type AnonymizeResult, anonymize, type OperatorContext } from './operators/anonymize.js';
import type { Finding } from './types.js';

/** Who is looking at a conversation's answer. */
export interface Viewer {
  /** Whether the viewer wrote the values (the conversation's author). */
  readonly isAuthor: boolean;
  /** The viewer's effective roles (inheritance resolved, as the policy engine computes them). */
  readonly roles: readonly string[];
}

/** Masked text, counts by entity type (for the audit entry) and the findings (offsets only). */
export interface MaskResult extends AnonymizeResult {
  readonly findings: readonly Finding[];
}

/** Detection and masking under one configuration. */
export interface PiiEngine {
  readonly config: PiiConfig;
  /** Findings in `text` (code point offsets). Throws `pii_input_too_large` over 10 MiB. */
  analyze(text: string): Finding[];
  /** `text` masked with the operators of `boundary`. */
  mask(text: string, boundary: Boundary, ctx?: OperatorContext): MaskResult;
  /** Whether `viewer` sees restored values on display (pii.yaml `boundaries.display.restore`). */
  mayRestore(viewer: Viewer): boolean;
}

/** An engine over `config`; contextual recognizers default to ./contextual.ts's. */
export function createPiiEngine(config: PiiConfig, options?: AnalyzerOptions): PiiEngine {
  const analyzer = new Analyzer(config, options ?? { contextual: defaultContextualRecognizers(config) });
  return {
    config,
    analyze: (text) => analyzer.analyze(text),
    mask(text, boundary, ctx = {}) {
      if (!BOUNDARIES.includes(boundary)) {
        throw new PiiError('pii_unknown_boundary', `unknown boundary "${String(boundary)}"`);
      }
      const findings = analyzer.analyze(text);
      return { ...anonymize(text, findings, config.boundaries[boundary], ctx), findings };
    },
    mayRestore: (viewer) => mayRestore(config.restore, viewer),
  };
}

/** Whether the restore rule lets `viewer` see values. */
export function mayRestore(rule: RestoreRule, viewer: Viewer): boolean {
  return (rule.author && viewer.isAuthor) || viewer.roles.some((r) => rule.roles.includes(r));
}

const engines = new WeakMap<PiiConfig, PiiEngine>();

/** The engine of a configuration, built once (use with `bundle.pii`). */
export function piiEngineFor(config: PiiConfig): PiiEngine {
  let engine = engines.get(config);
  if (!engine) {
    engine = createPiiEngine(config);
    engines.set(config, engine);
  }
  return engine;
}
