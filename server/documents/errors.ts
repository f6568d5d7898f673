/**
 * The one error type of the document pipeline. Every parser, check and limit in
 * `server/documents/` throws `DocumentError` with a stable snake_case code; callers (routes,
 * jobs, the CLI) switch on the code, never on the message. The module knows nothing about
 * HTTP: `suggestedHttpStatus` is advice for the route layer, which owns the mapping.
 */
export type DocumentErrorCode =
  /** The upload has no bytes at all. */
  | 'empty'
  /** Above a size limit: the bytes, the pages, or the text extracted from them. */
  | 'too_large'
  /** Content sniffing found no supported format (images, executables, other ZIPs, binary data). */
  | 'unsupported_type'
  /** The file claims a supported format but its structure cannot be read. */
  | 'corrupt'
  /** A PDF that needs a password to open. */
  | 'encrypted'
  /** A ZIP (DOCX) whose declared or actual expansion exceeds the limits. */
  | 'zip_bomb'
  /** A CSV row with more columns than allowed, or a single record above the record limit. */
  | 'too_many_columns'
  /** A text format (text, Markdown, HTML, CSV) whose bytes are not valid UTF-8 or UTF-16 with a BOM. */
  | 'invalid_encoding'
  /** The document parsed but holds no text (a scanned PDF, an empty table). */
  | 'no_text'
  /** A display name that is empty once cleaned. */
  | 'bad_name'
  /** The caller's `AbortSignal` fired while parsing. */
  | 'aborted';

/** Facts a caller may show or log (never document text). */
export interface DocumentErrorDetails {
  /** Which limit was exceeded, for `too_large` and `zip_bomb`. */
  limit?: string;
  /** The configured value of that limit. */
  max?: number;
}

/** An expected failure while reading an uploaded document; `message` is safe to show to the uploader. */
export class DocumentError<C extends DocumentErrorCode = DocumentErrorCode> extends Error {
  override readonly name = 'DocumentError';
  readonly code: C;
  readonly details: DocumentErrorDetails;

  constructor(code: C, message: string, options: { cause?: unknown; details?: DocumentErrorDetails } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}

/** Narrowing helper that also checks the code when one is given. */
export function isDocumentError<C extends DocumentErrorCode>(
  err: unknown,
  code?: C,
): err is DocumentError<C> {
  return err instanceof DocumentError && (code === undefined || err.code === code);
}

/**
 * The HTTP status the route layer is advised to answer with (RFC 9110 §15): 413 for size,
 * 415 for a format we do not read, 400 for a bad name, 422 for content whose type we know but
 * cannot use. `aborted` means the server gave up (a job timeout or shutdown), hence 503.
 */
export const suggestedHttpStatus: Readonly<Record<DocumentErrorCode, number>> = Object.freeze({
  empty: 422,
  too_large: 413,
  unsupported_type: 415,
  corrupt: 422,
  encrypted: 422,
  zip_bomb: 422,
  too_many_columns: 422,
  invalid_encoding: 422,
  no_text: 422,
  bad_name: 400,
  aborted: 503,
});
