import { CodedError } from '../errors.js';

/** Codes of `ExportError`; callers and tests branch on these, never on messages. */
export type ExportErrorCode =
  /** A range proof does not reproduce the expected root, or has the wrong shape (FORMAT.md §7.3). */
  | 'RANGE_PROOF_INVALID'
  /** The store's own entries do not reproduce the checkpoint it just signed: run `verifyIntegrity`. */
  | 'LOG_INCONSISTENT'
  /** No verify.mjs could be obtained (no esbuild, no pre-built copy). */
  | 'VERIFIER_UNAVAILABLE';

/** Thrown by the export bundle code (exporter and verifier) for the failures above. */
export class ExportError extends CodedError<ExportErrorCode> {
  override readonly name = 'ExportError';
}
