import { canonicalBytes } from '../jcs.js';
import { hashLeaf } from '../merkle.js';

/** Entry format version the store writes when the draft does not name one. */
export const ENTRY_VERSION = 1;

/** `prev` of entry 0: there is no previous leaf, so 32 zero bytes in hex. */
export const GENESIS_PREV = '0'.repeat(64);

/** Fields the store owns; a draft that sets them is refused rather than silently overwritten. */
const STORE_FIELDS = ['seq', 'ts', 'prev'] as const;

/** Where timestamps come from; injectable so that tests are deterministic. */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
}

/** A sealed entry: the exact bytes stored and hashed, and their RFC 6962 leaf hash. */
export interface SealedEntry {
  seq: number;
  ts: string;
  body: Buffer;
  leafHash: Buffer;
}

/**
 * Throws `TypeError` (a caller mistake) unless `draft` is a plain object without store-owned
 * fields. Its values are checked later by the canonicaliser.
 */
export function assertDraft(draft: unknown): asserts draft is Record<string, unknown> {
  if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) {
    throw new TypeError('audit entry draft must be a plain object');
  }
  for (const f of STORE_FIELDS) {
    if (Object.hasOwn(draft, f)) throw new TypeError(`audit entry draft must not set "${f}"`);
  }
}

/**
 * Completes a draft with `seq`, `ts` (RFC 3339 UTC with milliseconds), `v` and `prev` (hex of
 * the previous leaf hash: a hash chain that localises tampering to one seq), serialises it with
 * RFC 8785 and hashes the bytes as an RFC 6962 leaf: SHA-256(0x00 || body). Throws `AuditError`
 * `NOT_CANONICAL` for values outside FORMAT.md §1 (floats, undefined, Dates...).
 */
export function sealEntry(
  draft: Record<string, unknown>,
  seq: number,
  ms: number,
  prev: string,
): SealedEntry {
  const ts = new Date(ms).toISOString();
  const body = canonicalBytes({ v: ENTRY_VERSION, ...draft, seq, ts, prev });
  return { seq, ts, body, leafHash: hashLeaf(body) };
}
