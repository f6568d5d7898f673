import { createHash } from 'node:crypto';
import { canonicalBytes, canonicalize } from '../jcs.js';
import { hashesEqual } from '../merkle.js';
import { plainObject } from './draft.js';
import { EntryError } from './errors.js';

// Personal details an auditor may need (where a request came from, who it was by name) are
// personal data under GDPR and must be erasable (Art. 17), but the log is append-only and
// hash-chained. So the entry carries only a salted commitment, SHA-256(salt ‖ canonical JSON),
// and the details themselves live, encrypted, in a side table (personal.ts). While the salt
// exists, opened details can be checked against the entry; once the salt is destroyed the
// commitment can no longer be tested against guesses (an IPv4 address alone has only 2^32
// values, so an unsalted hash would be no protection), and the entry still verifies.
// Pure: the offline verifier can use this file without SQLite.

/** The fields the side table holds. Anything else an auditor wants needs a format change. */
export const PERSONAL_FIELDS = ['ip', 'user_agent', 'display_name'] as const;
/** At most this many UTF-16 code units per field (user agents run long). */
export const MAX_PERSONAL_STRING = 512;
/** Salt length in bytes. */
export const SALT_SIZE = 32;

/** Personal details of one entry. At least one field is present. */
export interface PersonalDetails {
  readonly ip?: string;
  readonly user_agent?: string;
  readonly display_name?: string;
}

/** Validates and copies personal details; throws `BAD_PERSONAL`. */
export function validatePersonal(value: unknown): PersonalDetails {
  let src: Record<string, unknown>;
  try {
    src = plainObject(value, '$personal');
  } catch (err) {
    throw new EntryError('BAD_PERSONAL', 'personal details must be a plain object', { cause: err });
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(src)) {
    if (!(PERSONAL_FIELDS as readonly string[]).includes(key))
      throw new EntryError('BAD_PERSONAL', `${key}: not a personal-details field`);
    const v = src[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_PERSONAL_STRING)
      throw new EntryError('BAD_PERSONAL', `${key}: must be a string of 1 to ${MAX_PERSONAL_STRING}`);
    out[key] = v;
  }
  if (Object.keys(out).length === 0) throw new EntryError('BAD_PERSONAL', 'no personal details');
  try {
    canonicalize(out); // lone surrogates have no canonical form (RFC 8785 §3.2.2.2)
  } catch (err) {
    throw new EntryError('BAD_PERSONAL', 'personal details are not valid Unicode', { cause: err });
  }
  return Object.freeze(out);
}

/** The commitment carried by the entry: lowercase hex of SHA-256(salt ‖ RFC 8785 bytes of details). */
export function commitPersonal(salt: Uint8Array, details: PersonalDetails): string {
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_SIZE)
    throw new EntryError('BAD_PERSONAL', `the salt must be ${SALT_SIZE} bytes`);
  return createHash('sha256')
    .update(salt)
    .update(canonicalBytes(validatePersonal(details)))
    .digest('hex');
}

/**
 * Checks that `details` under `salt` give `commitment` (compared in constant time); throws
 * `COMMITMENT_MISMATCH` otherwise, including for a malformed commitment.
 */
export function verifyCommitment(commitment: string, salt: Uint8Array, details: PersonalDetails): void {
  const expected = Buffer.from(commitPersonal(salt, details), 'hex');
  const given = /^[0-9a-f]{64}$/.test(commitment) ? Buffer.from(commitment, 'hex') : Buffer.alloc(0);
  if (!hashesEqual(expected, given))
    throw new EntryError('COMMITMENT_MISMATCH', 'personal details do not match the entry');
}
