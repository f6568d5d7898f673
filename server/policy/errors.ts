import { AppError } from '../errors.js';
import type { PolicyProblem } from './types.js';

/** At most this many problems are listed in an error message; all are kept in `problems`. */
const MESSAGE_PROBLEM_LIMIT = 50;

/** `rbac.yaml:12:5: unknown permission "chat:usee"` — the form editors and CI annotate. */
export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/**
 * The bundle could not be loaded (code `policy_invalid`). The message lists the problems as
 * `file:line:column: message`; `problems` keeps them structured for the CLI and the API.
 */
export class PolicyInvalidError extends AppError<'policy_invalid'> {
  readonly problems: readonly PolicyProblem[];

  constructor(dir: string, problems: readonly PolicyProblem[]) {
    const shown = problems.slice(0, MESSAGE_PROBLEM_LIMIT).map(formatProblem);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    super('policy_invalid', `Invalid policy bundle in ${dir}:\n  - ${shown.join('\n  - ')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/** One failed policy test, as carried by {@link PolicyTestsFailedError}. */
export interface PolicyTestFailure {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  /** One line: expected vs actual and the deciding rule. */
  readonly message: string;
}

/** The bundle is valid but its own tests fail (code `policy_tests_failed`). */
export class PolicyTestsFailedError extends AppError<'policy_tests_failed'> {
  readonly failures: readonly PolicyTestFailure[];

  constructor(dir: string, failures: readonly PolicyTestFailure[], total: number) {
    const shown = failures
      .slice(0, MESSAGE_PROBLEM_LIMIT)
      .map((f) => `${f.file}:${f.line}: ${f.name}: ${f.message}`);
    if (failures.length > shown.length) shown.push(`... and ${failures.length - shown.length} more`);
    super(
      'policy_tests_failed',
      `${failures.length} of ${total} policy tests failed in ${dir}:\n  - ${shown.join('\n  - ')}`,
    );
    this.failures = Object.freeze([...failures]);
  }
}
