/**
 * Policy tests (`tests/*.yaml`): cases of subject, action and resource with the expected
 * outcome, run against the bundle they ship in. A reload is refused unless all pass.
 */
import { decide } from './decide.js';
import type { PolicyBundle, PolicyTestCase, ResourceSpec, SubjectSpec } from './model.js';
import type { SourceFile } from './source.js';
import type { Decision, Permission, PolicyProblem, ResourceRef, Subject } from './types.js';

/** The outcome of one case. */
export interface PolicyTestResult {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly ok: boolean;
  readonly expected: 'allow' | 'deny';
  /** The rule the case requires, when it names one. */
  readonly expectedRule?: string;
  readonly decision: Decision;
  /** For failures: expected vs actual and the deciding rule, on one line. */
  readonly message?: string;
}

/** All cases' results, in file order. */
export interface PolicyTestReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly PolicyTestResult[];
}

/** Reads the cases of one schema-valid test file; duplicate names are problems. */
export function compileTests(
  source: SourceFile,
  definedRoles: ReadonlySet<string> | undefined,
  problems: PolicyProblem[],
): PolicyTestCase[] {
  const raw = source.data as { cases: Omit<PolicyTestCase, 'file' | 'line'>[] };
  const names = new Set<string>();
  return raw.cases.map((c, i) => {
    const { line } = source.locate(['cases', i]);
    if (names.has(c.name)) {
      problems.push({
        file: source.file,
        ...source.locate(['cases', i, 'name']),
        message: `duplicate case name "${c.name}"`,
      });
    }
    names.add(c.name);
    c.subject.roles?.forEach((role, j) => {
      if (definedRoles && !definedRoles.has(role)) {
        const at = source.locate(['cases', i, 'subject', 'roles', j]);
        problems.push({ file: source.file, ...at, message: `subject names undefined role "${role}"` });
      }
    });
    return { ...c, file: source.file, line };
  });
}

/** The Subject a spec describes (`id` defaults to `user`). */
export function subjectFromSpec(spec: SubjectSpec): Subject {
  return {
    id: spec.id ?? spec.user,
    username: spec.user,
    groups: spec.groups ?? [],
    attributes: spec.attributes ?? {},
    ...(spec.roles !== undefined && { roles: spec.roles }),
  };
}

/** The ResourceRef a spec describes (`owner` becomes `ownerId`). */
export function resourceFromSpec(spec: ResourceSpec): ResourceRef {
  return {
    type: spec.type,
    ...(spec.id !== undefined && { id: spec.id }),
    ...(spec.owner !== undefined && { ownerId: spec.owner }),
    ...(spec.attributes !== undefined && { attributes: spec.attributes }),
  };
}

/** Runs every case of the bundle. */
export function runPolicyTests(bundle: PolicyBundle): PolicyTestReport {
  const results = bundle.tests.map((c): PolicyTestResult => {
    const decision = decide(
      bundle,
      subjectFromSpec(c.subject),
      c.action,
      c.resource && resourceFromSpec(c.resource),
    );
    const actual = decision.allow ? 'allow' : 'deny';
    const ok = actual === c.expect && (c.rule === undefined || c.rule === decision.rule);
    const base = {
      file: c.file,
      line: c.line,
      name: c.name,
      ok,
      expected: c.expect,
      ...(c.rule !== undefined && { expectedRule: c.rule }),
      decision,
    };
    if (ok) return base;
    const expected = c.rule === undefined ? c.expect : `${c.expect} by ${c.rule}`;
    return { ...base, message: `expected ${expected}, got ${actual} by ${decision.rule}` };
  });
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}

/** Decides for specs as a CLI takes them, e.g. `parley policy explain`. */
export function explain(
  bundle: PolicyBundle,
  subject: SubjectSpec,
  permission: Permission,
  resource?: ResourceSpec,
): { decision: Decision; text: string } {
  const decision = decide(
    bundle,
    subjectFromSpec(subject),
    permission,
    resource && resourceFromSpec(resource),
  );
  return { decision, text: formatDecision(decision) };
}

/** A decision as a few lines of text: outcome, rule, bundle, then the chain. */
export function formatDecision(d: Decision): string {
  return [
    `${d.allow ? 'ALLOW' : 'DENY'} ${d.permission} by ${d.rule}`,
    `bundle ${d.bundleHash}`,
    ...d.chain.map((step, i) => `  ${i + 1}. ${step}`),
  ].join('\n');
}
