/**
 * The bundle's version: SHA-256 over a canonical form of its parsed content, so that comments,
 * whitespace, quoting style, key order and line endings do not change it and any change to a
 * rule does.
 */
import { createHash } from 'node:crypto';

// Domain separation: a different canonical form in a later release gets a different prefix,
// so that two forms can never produce the same hash for different content.
const HASH_PREFIX = 'parley-policy-bundle/v1\n';

/**
 * JSON with object keys sorted (by UTF-16 code units, as in RFC 8785) and no whitespace.
 * Accepts only what parsed YAML can produce after the loader's checks: null, booleans,
 * finite numbers, strings, arrays and plain objects.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const entries = keys.map(
      (k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`,
    );
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
}

/** One file of a bundle: its path relative to the bundle directory, and its parsed data. */
export interface HashInput {
  readonly file: string;
  readonly data: unknown;
}

/** Lower-case hex SHA-256 of the canonical `[[file, data], ...]` list, sorted by file. */
export function bundleHash(files: readonly HashInput[]): string {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const body = canonicalJson(sorted.map((f) => [f.file, f.data]));
  return createHash('sha256').update(HASH_PREFIX).update(body).digest('hex');
}
