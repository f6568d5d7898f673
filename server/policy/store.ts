/**
 * Holds the bundle in force. Bundles are immutable and swapped by reference, so a request
 * that read `store.current` keeps deciding under that one bundle even if a reload happens
 * meanwhile; nobody ever sees half of each.
 */
import { type AppError, isAppError } from '../errors.js';
import { PolicyTestsFailedError } from './errors.js';
import { loadBundle } from './load.js';
import type { PolicyBundle } from './model.js';
import { runPolicyTests } from './testRunner.js';

/**
 * Loads the bundle in `dir` and runs its tests; throws `policy_invalid` or
 * `policy_tests_failed`. Use at start so that a failing bundle never comes into force.
 */
export function loadTestedBundle(dir: string): PolicyBundle {
  const bundle = loadBundle(dir);
  const report = runPolicyTests(bundle);
  if (report.failed > 0) {
    const failures = report.results
      .filter((r) => !r.ok)
      .map((r) => ({ file: r.file, line: r.line, name: r.name, message: r.message ?? 'failed' }));
    throw new PolicyTestsFailedError(bundle.dir, failures, report.results.length);
  }
  return bundle;
}

/** The bundle in force, replaced only by a bundle that loads and passes its tests. */
export class PolicyStore {
  #current: PolicyBundle;

  constructor(bundle: PolicyBundle) {
    this.#current = bundle;
  }

  /** The bundle in force. Read it once per request and decide everything under it. */
  get current(): PolicyBundle {
    return this.#current;
  }

  /**
   * Loads `dir`, validates it and runs its tests; swaps only if all of that succeeds.
   * On failure the old bundle stays in force and the error is returned, not thrown.
   */
  reload(dir: string): { ok: true; hash: string } | { ok: false; error: AppError } {
    let next: PolicyBundle;
    try {
      next = loadTestedBundle(dir);
    } catch (err) {
      if (isAppError(err)) return { ok: false, error: err };
      throw err;
    }
    this.#current = next;
    return { ok: true, hash: next.hash };
  }
}
