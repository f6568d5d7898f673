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
  /** A key file (pseudonym key or KEK) is a symbolic link, not a regular file, or open to group/others. */
  | 'KEY_FILE_INSECURE'
  /** A key-encryption key is not 32 bytes, or its file is missing, malformed or already present. */
  | 'BAD_KEK'
  /** The KEK given is not the one this audit database's subject keys are wrapped under. */
  | 'KEK_MISMATCH'
  /** The personal-data tables are missing, or have a layout this code does not know (e.g. clear keys). */
  | 'PERSONAL_SCHEMA'
  /** Personal details are malformed (unknown field, oversized, empty). */
  | 'BAD_PERSONAL'
  /** Personal details do not match the commitment carried by the entry. */
  | 'COMMITMENT_MISMATCH'
  /**
   * A sealed personal-details row or wrapped subject key failed AES-GCM authentication under the
   * right KEK (altered, or moved to another entry or subject), or a row an entry commits to is gone.
   */
  | 'PERSONAL_TAMPERED'
  /** Erasure could not complete (e.g. the WAL checkpoint was blocked by a reader). */
  | 'ERASURE_INCOMPLETE';

/** Thrown by `audit/entries/`; mirrors `AuditError` (a `code` plus an optional `cause`). */
export class EntryError extends CodedError<EntryErrorCode> {
  override readonly name = 'EntryError';
}
