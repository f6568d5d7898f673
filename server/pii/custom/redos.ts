/**
 * Catastrophic backtracking check of policy-written patterns, with recheck (automaton analysis,
 * falling back to fuzzing for back-references and lookaround). Analysed text is attacker-
 * controlled and up to 10 MiB long, so a pattern that is super-linear on some input is refused:
 * exponential ones (`(a+)+$`) hang the server on a few dozen characters, and polynomial ones
 * (`a.*b.*c`) hang it on a few hundred kilobytes. A pattern recheck cannot decide within the time
 * limit is refused too (fail closed).
 *
 * Backend: recheck's default synchronous backend starts a worker that runs a native binary or a
 * JVM, neither of which exists in the single executable. Its pure JavaScript backend (Scala.js)
 * is selected here for every call through RECHECK_SYNC_BACKEND=pure, the only switch recheck
 * offers (read at each call; set and restored around it, synchronously, so nothing else sees
 * it). Measured on the development machine: 2-30 ms per pattern, about 110 ms for `(a+)+$`, and
 * about 180 ms to load the module once.
 */
import { checkSync, type Diagnostics } from 'recheck';

/** Time limit of one check. */
export const REDOS_TIMEOUT_MS = 3000;

/** The verdict on one pattern. */
export type RedosVerdict =
  | { readonly safe: true; readonly complexity: string }
  | { readonly safe: false; readonly reason: string };

// Verdicts by flags and source, so that a policy reload does not re-analyse unchanged patterns.
// Only definite verdicts are kept (a timeout may go the other way on a less busy machine).
const verdicts = new Map<string, RedosVerdict>();
const MAX_CACHED = 1000;

/** Checks `source` with `flags` (JavaScript syntax) for super-linear backtracking. */
export function checkRedos(source: string, flags: string): RedosVerdict {
  const key = `${flags}/${source}`;
  const known = verdicts.get(key);
  if (known) return known;
  const diagnostics = withPureBackend(() => checkSync(source, flags, { timeout: REDOS_TIMEOUT_MS }));
  const verdict = verdictOf(source, diagnostics);
  if (diagnostics.status !== 'unknown') {
    if (verdicts.size >= MAX_CACHED) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function withPureBackend<T>(fn: () => T): T {
  const previous = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = 'pure';
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = previous;
  }
}

function verdictOf(source: string, d: Diagnostics): RedosVerdict {
  switch (d.status) {
    case 'safe':
      return { safe: true, complexity: d.complexity.type };
    case 'vulnerable': {
      const spot = d.hotspot.find((h) => h.temperature === 'heat') ?? d.hotspot[0];
      const near = spot ? ` near \`${source.slice(spot.start, spot.end)}\`` : '';
      return {
        safe: false,
        reason:
          `pattern can backtrack catastrophically (${d.complexity.summary})${near}: ` +
          `an input such as ${clip(d.attack.pattern)} makes matching take ${d.complexity.type} time; ` +
          'rewrite it without nested or overlapping repetition',
      };
    }
    default: {
      const kind = d.error.kind;
      const detail = 'message' in d.error ? `: ${d.error.message}` : '';
      return {
        safe: false,
        reason:
          kind === 'timeout'
            ? `pattern could not be shown free of catastrophic backtracking within ${REDOS_TIMEOUT_MS} ms; simplify it`
            : `pattern could not be checked for catastrophic backtracking (${kind}${detail})`,
      };
    }
  }
}

const clip = (s: string): string => (s.length > 120 ? `${s.slice(0, 120)}…` : s);
