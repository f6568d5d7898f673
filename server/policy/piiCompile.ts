/**
 * Compiles a schema-valid `pii.yaml` into the engine's PiiConfig: checks entity names against the
 * built-in and declared ones, phone regions against libphonenumber's, roles against rbac.yaml,
 * operator options against their operator, and vets every custom pattern (length, flags,
 * syntax, catastrophic backtracking). Every problem carries file:line:column.
 */
import {
  BOUNDARIES,
  type Boundary,
  type BoundaryOperators,
  BUILT_IN_ENTITIES,
  type ContextOptions,
  DEFAULTS,
  defaultPiiConfig,
  type OperatorSpec,
  type OperatorType,
  type PiiConfig,
} from '../pii/config.js';
import { customRecognizer, type ValidatorName } from '../pii/custom/recognizer.js';
import { vetPattern } from '../pii/custom/vet.js';
import { isPhoneRegion } from '../pii/recognizers/phone.js';
import type { Recognizer } from '../pii/types.js';
import type { DataPath, SourceFile } from './source.js';
import type { PolicyProblem } from './types.js';

type RawOperator = string | { type: OperatorType; label?: string; keep?: number; char?: string };

interface RawPii {
  entities?: string[];
  threshold?: number;
  thresholds?: Record<string, number>;
  phoneRegions?: string[];
  context?: Partial<ContextOptions>;
  contextWords?: Record<string, string[]>;
  recognizers?: {
    name: string;
    entity: string;
    pattern: string;
    flags?: string;
    score?: number;
    validator?: ValidatorName;
    context?: string[];
  }[];
  boundaries?: Partial<Record<Boundary, { default: RawOperator; entities?: Record<string, RawOperator> }>> & {
    display?: { restore: { author?: boolean; roles?: string[] } };
  };
}

/** Score of a custom recognizer that does not set one. */
export const DEFAULT_CUSTOM_SCORE = 0.5;

/** Compiles `pii.yaml`; returns undefined after appending problems. */
export function compilePii(
  source: SourceFile,
  definedRoles: ReadonlySet<string> | undefined,
  problems: PolicyProblem[],
): PiiConfig | undefined {
  const raw = source.data as RawPii;
  const before = problems.length;
  const report = (path: DataPath, message: string, at: 'key' | 'value' = 'value') =>
    problems.push({ file: source.file, ...source.locate(path, at), message });
  const defaults = defaultPiiConfig();

  const custom: Recognizer[] = [];
  const names = new Set<string>();
  raw.recognizers?.forEach((r, i) => {
    if (names.has(r.name)) report(['recognizers', i, 'name'], `duplicate recognizer name "${r.name}"`);
    names.add(r.name);
    const vetted = vetPattern(r.pattern, r.flags ?? '');
    if ('problem' in vetted) {
      report(
        ['recognizers', i, r.flags !== undefined && vetted.problem.startsWith('flag') ? 'flags' : 'pattern'],
        vetted.problem,
      );
      return;
    }
    custom.push(
      customRecognizer({
        name: r.name,
        entity: r.entity,
        pattern: vetted.regex,
        score: r.score ?? DEFAULT_CUSTOM_SCORE,
        ...(r.validator !== undefined && { validator: r.validator }),
        context: r.context ?? [],
      }),
    );
  });

  const declared = new Set(raw.recognizers?.map((r) => r.entity) ?? []);
  const known = (entity: string) => BUILT_IN_ENTITIES.includes(entity) || declared.has(entity);
  const unknown = (entity: string) =>
    `unknown entity type "${entity}" (not built in, and no recognizer in this file declares it)`;
  raw.entities?.forEach((e, i) => {
    if (!known(e)) report(['entities', i], unknown(e));
  });
  for (const key of ['thresholds', 'contextWords'] as const) {
    for (const e of Object.keys(raw[key] ?? {})) if (!known(e)) report([key, e], unknown(e), 'key');
  }
  raw.phoneRegions?.forEach((r, i) => {
    if (!isPhoneRegion(r)) report(['phoneRegions', i], `"${r}" is not a region libphonenumber knows`);
  });

  const boundaries = { ...defaults.boundaries };
  for (const b of BOUNDARIES) {
    const spec = raw.boundaries?.[b];
    if (!spec) continue;
    const path = ['boundaries', b];
    const entities = new Map<string, OperatorSpec>();
    for (const [e, op] of Object.entries(spec.entities ?? {})) {
      if (!known(e)) report([...path, 'entities', e], unknown(e), 'key');
      const compiled = compileOperator(op, [...path, 'entities', e], report);
      if (compiled) entities.set(e, compiled);
    }
    const fallback = compileOperator(spec.default, [...path, 'default'], report);
    if (fallback) boundaries[b] = Object.freeze({ default: fallback, entities }) satisfies BoundaryOperators;
  }
  const restore = raw.boundaries?.display?.restore ?? {};
  restore.roles?.forEach((role, i) => {
    if (definedRoles && !definedRoles.has(role)) {
      report(['boundaries', 'display', 'restore', 'roles', i], `restore names undefined role "${role}"`);
    }
  });
  if (problems.length > before) return undefined;

  const enabled = new Set([...(raw.entities ?? BUILT_IN_ENTITIES), ...declared]);
  return Object.freeze({
    entities: enabled,
    threshold: raw.threshold ?? DEFAULTS.threshold,
    thresholds: new Map(Object.entries(raw.thresholds ?? {})),
    phoneRegions: Object.freeze((raw.phoneRegions ?? DEFAULTS.phoneRegions).filter(isPhoneRegion)),
    context: Object.freeze({ ...DEFAULTS.context, ...raw.context }),
    contextWords: new Map(Object.entries(raw.contextWords ?? {})),
    custom: Object.freeze(custom),
    boundaries: Object.freeze(boundaries),
    restore: Object.freeze({
      author: restore.author ?? defaults.restore.author,
      roles: Object.freeze([...(restore.roles ?? [])]),
    }),
  });
}

function compileOperator(
  raw: RawOperator,
  path: DataPath,
  report: (path: DataPath, message: string, at?: 'key' | 'value') => void,
): OperatorSpec | undefined {
  const spec = typeof raw === 'string' ? { type: raw as OperatorType } : raw;
  const misplaced = (key: string, owner: OperatorType) =>
    report([...path, key], `"${key}" applies only to the ${owner} operator`, 'key');
  if (spec.label !== undefined && spec.type !== 'replace') misplaced('label', 'replace');
  if ((spec.keep !== undefined || spec.char !== undefined) && spec.type !== 'mask') {
    misplaced(spec.keep !== undefined ? 'keep' : 'char', 'mask');
  }
  switch (spec.type) {
    case 'replace':
      return Object.freeze(
        spec.label !== undefined ? { type: 'replace', label: spec.label } : { type: 'replace' },
      );
    case 'mask': {
      const char = spec.char ?? '*';
      if ([...char].length !== 1) {
        report([...path, 'char'], 'the masking character must be a single character');
        return undefined;
      }
      return Object.freeze({ type: 'mask', keep: spec.keep ?? 4, char });
    }
    default:
      return Object.freeze({ type: spec.type });
  }
}
