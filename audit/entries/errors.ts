import { CodedError } from '../errors.js';
/**
 * Codes of `EntryError`. A local union rather than new lines in `../errors.ts`, so that the
 * store (built in parallel) and the pure library keep their own list; callers branch on
 * `code` and never on the message, exactly as with `AuditError`.
 */
export type EntryErrorCode =
  /** A draft field is missing, of the wrong type, malformed, oversized, or not allowed. */
  | 'BAD_ENTRY'
  /** `action` is not in the fixed vocabulary (vocabulary.ts), or its object type/outcome is not. */
  | 'UNKNOWN_ACTION'
  /** A `details` key or value looks like content or personal data (the no-content rule). */
  | 'CONTENT_REFUSED'
  /** A pseudonym key is not 32 bytes, or a key file is missing, malformed or already present. */
  | 'BAD_PSEUDONYM_KEY'
  /** A key file is not a regular file or is readable or writable by group or others. */
  | 'KEY_FILE_INSECURE'
  /** Personal details are malformed (unknown field, oversized, empty). */
  | 'BAD_PERSONAL'
  /** Personal details do not match the commitment carried by the entry. */
  | 'COMMITMENT_MISMATCH'
  /** A sealed personal-details row failed AES-GCM authentication (altered, or moved to another entry). */
  | 'PERSONAL_TAMPERED'
  /** Erasure could not complete (e.g. the WAL checkpoint was blocked by a reader). */
  | 'ERASURE_INCOMPLETE';

/** Thrown by `audit/entries/`; mirrors `AuditError` (a `code` plus an optional `cause`). */
export class EntryError extends CodedError<EntryErrorCode> {
  override readonly name = 'EntryError';
}
