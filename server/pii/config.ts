/**
 * The compiled PII configuration: what `pii.yaml` in the policy bundle becomes after schema
 * checks and compilation (server/policy/piiCompile.ts), and the built-in default used when a
 * bundle has no `pii.yaml` (masking stays on: a bundle cannot turn it off by omission).
 */
import type { CountryCode } from 'libphonenumber-js';
import { CONTEXTUAL_ENTITIES, STRUCTURED_ENTITIES } from './recognizers/index.js';
import type { EntityType, Recognizer } from './types.js';

/** Where text leaves a trust zone; each has its own operators. */
export const BOUNDARIES = ['prompt', 'storage', 'logs', 'export'] as const;
/** One masking boundary. Display is not one: it restores (see {@link RestoreRule}). */
export type Boundary = (typeof BOUNDARIES)[number];

/** Operator names, as written in pii.yaml. */
export const OPERATOR_TYPES = ['replace', 'redact', 'mask', 'hash', 'pseudonymize', 'encrypt'] as const;
/** One operator name. */
export type OperatorType = (typeof OPERATOR_TYPES)[number];

/** What replaces a finding. */
export type OperatorSpec =
  /** `<ENTITY_TYPE>`, or `label` when given. */
  | { readonly type: 'replace'; readonly label?: string }
  /** Nothing: the value is removed. */
  | { readonly type: 'redact' }
  /** `char` for every code point but the last `keep` (all of them when the value is that short). */
  | { readonly type: 'mask'; readonly keep: number; readonly char: string }
  /** Lower-case hex HMAC-SHA256 of the value under the installation key. */
  | { readonly type: 'hash' }
  /** `<ENTITY_TYPE_n>`, the same for the same value within a conversation (the vault). */
  | { readonly type: 'pseudonymize' }
  /** `<ENC:...>`, AES-256-GCM under the installation key; reversible with `decrypt`. */
  | { readonly type: 'encrypt' };

/** The operators of one boundary: a default and per-entity exceptions. */
export interface BoundaryOperators {
  readonly default: OperatorSpec;
  readonly entities: ReadonlyMap<EntityType, OperatorSpec>;
}

/** Who sees restored values when an answer is displayed. */
export interface RestoreRule {
  /** The person who typed the values (the conversation's author). */
  readonly author: boolean;
  /** Roles (effective roles, inheritance resolved) that also see them. */
  readonly roles: readonly string[];
}

/** Presidio's context enhancement: a context word near a candidate raises its score. */
export interface ContextOptions {
  /** Added to the score (Presidio's `context_similarity_factor`, 0.35). */
  readonly boost: number;
  /** Floor of a boosted score (Presidio's `min_score_with_context_similarity`, 0.4). */
  readonly minScore: number;
  /** Words looked at before the candidate. */
  readonly before: number;
  /** Words looked at after it. */
  readonly after: number;
}

/** The compiled `pii.yaml`. Immutable. */
export interface PiiConfig {
  /** Entity types reported (built-in ones enabled, plus every custom recognizer's). */
  readonly entities: ReadonlySet<EntityType>;
  /** Default minimum score. */
  readonly threshold: number;
  /** Per-entity minimum scores. */
  readonly thresholds: ReadonlyMap<EntityType, number>;
  /** Regions whose national phone formats are recognised, in priority order. */
  readonly phoneRegions: readonly CountryCode[];
  readonly context: ContextOptions;
  /** Extra context words per entity, added to the recognizers' own. */
  readonly contextWords: ReadonlyMap<EntityType, readonly string[]>;
  /** Recognizers declared in the policy. */
  readonly custom: readonly Recognizer[];
  readonly boundaries: Readonly<Record<Boundary, BoundaryOperators>>;
  readonly restore: RestoreRule;
}

/** Every built-in entity type: the structured ones and the contextual (NLP) ones. */
export const BUILT_IN_ENTITIES: readonly EntityType[] = [...STRUCTURED_ENTITIES, ...CONTEXTUAL_ENTITIES];

/** Default threshold, context options and phone regions. */
export const DEFAULTS = Object.freeze({
  threshold: 0.4,
  context: Object.freeze({ boost: 0.35, minScore: 0.4, before: 5, after: 0 }),
  phoneRegions: Object.freeze(['US', 'GB'] as CountryCode[]),
});

const op = <T extends OperatorSpec>(spec: T): T => Object.freeze(spec);
const boundary = (spec: OperatorSpec): BoundaryOperators =>
  Object.freeze({ default: spec, entities: new Map() });

/**
 * The configuration of a bundle without `pii.yaml`: every built-in entity, pseudonymised towards
 * the model and in storage, replaced by its label in logs and exports, restored on display for
 * the author only.
 */
export function defaultPiiConfig(): PiiConfig {
  return Object.freeze({
    entities: new Set(BUILT_IN_ENTITIES),
    threshold: DEFAULTS.threshold,
    thresholds: new Map(),
    phoneRegions: DEFAULTS.phoneRegions,
    context: DEFAULTS.context,
    contextWords: new Map(),
    custom: Object.freeze([]),
    boundaries: Object.freeze({
      prompt: boundary(op({ type: 'pseudonymize' })),
      storage: boundary(op({ type: 'pseudonymize' })),
      logs: boundary(op({ type: 'replace' })),
      export: boundary(op({ type: 'replace' })),
    }),
    restore: Object.freeze({ author: true, roles: Object.freeze([]) }),
  });
}
