/**
 * The policy engine: a versioned bundle of YAML files (policies/), checked and tested like
 * code, and a pure decision function over it. See load.ts for the bundle layout, schema.ts for
 * the file formats and conditions.ts for the condition vocabulary.
 */
export { bundleHash, canonicalJson, type HashInput } from './canonical.js';
export { EVERY_COLLECTION } from './compile.js';
export type { Attributes, CompiledCondition } from './conditions.js';
export { bundleRoles, DEFAULT_DENY, decide, effectiveRoles } from './decide.js';
export {
  formatProblem,
  PolicyInvalidError,
  type PolicyTestFailure,
  PolicyTestsFailedError,
} from './errors.js';
export { MAX_FILE_BYTES, MAX_NESTING } from './guards.js';
export { loadBundle, MAX_TEST_FILES, SECTIONS, TESTS_DIR } from './load.js';
export type {
  AccessLevel,
  CompiledRbac,
  PolicyBundle,
  PolicyTestCase,
  ResourceSpec,
  SubjectSpec,
} from './model.js';
export { ACCESS_LEVELS, RESOURCE_TYPES } from './schema.js';
export { loadTestedBundle, PolicyStore } from './store.js';
export {
  explain,
  formatDecision,
  type PolicyTestReport,
  type PolicyTestResult,
  resourceFromSpec,
  runPolicyTests,
  subjectFromSpec,
} from './testRunner.js';
export * from './types.js';

import { PERMISSIONS, type Permission } from './types.js';

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);

/** Whether `s` names a known permission (e.g. from a CLI argument). */
export function isPermission(s: string): s is Permission {
  return PERMISSION_SET.has(s);
}
