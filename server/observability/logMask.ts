/**
 * The masker of the logs boundary (issue 6: "every log line's free text passes the masker").
 * One per process, like the log stream itself: the server sets it from the policy bundle in
 * force (and again after a reload); loggers made by createLogger apply it to every string of
 * every line before pino serialises it.
 */
export type LogMasker = (text: string) => string;

let current: LogMasker | undefined;

/** Sets (or, with undefined, clears) the process's log masker. */
export function setLogMasker(masker: LogMasker | undefined): void {
  current = masker;
}

const MAX_DEPTH = 4;

// Fields whose values come from configuration or code, never from a user: where the server
// listens, the IdP, key and policy files, hashes and model ids. Operators need them verbatim
// (an address is not personal data when it is the server's own). Every other string, the
// message first, is free text and is masked.
const SYSTEM_KEYS: ReadonlySet<string> = new Set([
  'url',
  'issuer',
  'file',
  'configured',
  'builtin',
  'policyHash',
  'model',
  'sink',
  'service',
]);

/**
 * `value` with every string masked: strings, and strings inside plain objects and arrays (to a
 * small depth). Errors keep their class (pino's serializer reads it); their message is masked.
 */
export function maskLogValue(value: unknown, depth = 0): unknown {
  const masker = current;
  if (!masker) return value;
  if (typeof value === 'string') return masker(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Error;
    Object.assign(copy, value);
    copy.message = masker(value.message);
    if (value.stack) copy.stack = masker(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => maskLogValue(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = depth === 0 && SYSTEM_KEYS.has(k) ? v : maskLogValue(v, depth + 1);
  return out;
}
