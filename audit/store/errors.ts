import { CodedError } from '../errors.js';
/**
 * Codes of the store's runtime failures. The pure library's `AuditError` covers bad input and
 * failed proofs; these cover the database around it. Tests assert codes, not messages.
 */
export type AuditStoreErrorCode =
  /** The store was closed, or its database connection failed; nothing was written. */
  | 'STORE_CLOSED'
  /** The write transaction failed and was rolled back; the entry is not in the log. */
  | 'WRITE_FAILED'
  /** The database disagrees with what this process wrote (another writer, or tampering). */
  | 'STATE_MISMATCH'
  /** The current tree is not an extension of the last checkpoint: signing it would fork the log. */
  | 'FORK_REFUSED'
  /** The file's schema is newer than this code, or not an audit store. */
  | 'BAD_SCHEMA'
  /** No entry with that sequence number. */
  | 'NOT_FOUND'
  /** An append's side write (`SideWrite.before`/`after`) threw: that entry alone was not written. */
  | 'SIDE_WRITE_FAILED';

/** Thrown (or rejected with) by `audit/store/` for database-level failures. */
export class AuditStoreError extends CodedError<AuditStoreErrorCode> {
  override readonly name = 'AuditStoreError';
}
