/**
 * The one error type of the PII engine, with a closed set of codes (tests assert the code, not
 * the message). The engine is domain code: it never throws HTTP errors; the server maps these
 * codes (for example `pii_input_too_large` to 413) where it calls the engine.
 */

/** Every failure the engine reports. */
export type PiiErrorCode =
  /** The text is longer than {@link MAX_INPUT_UTF16}. */
  | 'pii_input_too_large'
  /** `hash` or `encrypt` was configured but no key (or a key of the wrong size) was given. */
  | 'pii_key_missing'
  /** `pseudonymize` was configured but no vault was given. */
  | 'pii_vault_missing'
  /** An `<ENC:...>` token was malformed, or did not authenticate under the key. */
  | 'pii_decrypt_failed'
  /** A boundary name the policy does not define. */
  | 'pii_unknown_boundary';

/** A failure of the PII engine; `message` is safe to show and never contains analysed text. */
export class PiiError extends Error {
  override readonly name = 'PiiError';
  readonly code: PiiErrorCode;

  constructor(code: PiiErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** Narrowing helper that also checks the code when one is given. */
export function isPiiError(err: unknown, code?: PiiErrorCode): err is PiiError {
  return err instanceof PiiError && (code === undefined || err.code === code);
}

/**
 * The largest input the engine analyses: 10 MiB of UTF-16 code units. A UTF-16 string is never
 * longer in code units than its UTF-8 encoding is in bytes, so any text of up to 10 MiB of UTF-8
 * fits. Larger input is refused rather than truncated: a truncated scan would let data through.
 */
export const MAX_INPUT_UTF16 = 10 * 1024 * 1024;
