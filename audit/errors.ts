/**
 * The one error type of the audit library. Callers (and tests) branch on `code`, never on
 * the message, in the manner of sigstore-js's `VerificationError`.
 */
export type AuditErrorCode =
  /** A value handed to the JCS canonicaliser is outside the restricted set (RFC 8785 §3.2). */
  | 'NOT_CANONICAL'
  /** A leaf index is negative, not an integer, or not below the tree size. */
  | 'BAD_INDEX'
  /** A tree size is negative, not a safe integer, or the sizes are out of order. */
  | 'BAD_SIZE'
  /** A hash is not exactly 32 bytes. */
  | 'BAD_HASH'
  /** A serialised frontier does not match its declared size. */
  | 'BAD_FRONTIER'
  /** An inclusion proof does not lead to the expected root (RFC 9162 §2.1.3.2). */
  | 'INCLUSION_PROOF_INVALID'
  /** A consistency proof does not link the two roots (RFC 9162 §2.1.4.2). */
  | 'CONSISTENCY_PROOF_INVALID'
  /** A key, key name or vkey string is malformed or its key ID does not match. */
  | 'BAD_KEY'
  /** A signed note is not well formed (C2SP signed-note, "Format"). */
  | 'MALFORMED_NOTE'
  /** A signature by a known key failed to verify. */
  | 'SIGNATURE_INVALID'
  /** No signature by any trusted key is present. */
  | 'NO_TRUSTED_SIGNATURE'
  /** A checkpoint body is not well formed (C2SP tlog-checkpoint, "Note text"). */
  | 'MALFORMED_CHECKPOINT'
  /** A checkpoint names another log than the one expected. */
  | 'ORIGIN_MISMATCH';

/** An error with a stable string code (tests assert the code, not the message) and a cause. */
export class CodedError<C extends string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Thrown by every function of `audit/` on bad input or failed verification. */
export class AuditError extends CodedError<AuditErrorCode> {
  override readonly name = 'AuditError';
}
