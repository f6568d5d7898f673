/**
 * The PII/PHI engine (issue 6): detection (analyzer.ts and the recognizers), masking at the
 * boundaries (operators/), and restoration for display. README.md has the overview.
 */
export { Analyzer, type AnalyzerOptions } from './analyzer.js';
export {
  BOUNDARIES,
  type Boundary,
  type BoundaryOperators,
  BUILT_IN_ENTITIES,
  defaultPiiConfig,
  type OperatorSpec,
  type PiiConfig,
  type RestoreRule,
} from './config.js';
export { defaultContextualRecognizers } from './contextual.js';
export {
  createPiiEngine,
  type MaskResult,
  mayRestore,
  type PiiEngine,
  piiEngineFor,
  type Viewer,
} from './engine.js';
export { isPiiError, MAX_INPUT_UTF16, PiiError, type PiiErrorCode } from './errors.js';
export * from './operators/index.js';
export { CONTEXTUAL_ENTITIES, STRUCTURED_ENTITIES, structuredRecognizers } from './recognizers/index.js';
export { createTextView, prepareText } from './text.js';
export type { EntityType, Finding, Recognizer, TextView } from './types.js';
