/**
 * Every bound the document pipeline enforces. All of them apply to attacker-controlled
 * uploads: the defaults are sized for a policy manual or a claims spreadsheet, not for
 * archives, and every one can be lowered by configuration.
 */
export interface DocumentLimits {
  /** Largest upload in bytes (`too_large`, HTTP 413). */
  readonly maxBytes: number;
  /** Most PDF pages read (`too_large`). */
  readonly maxPages: number;
  /** Most characters of extracted text, all sections together (`too_large`). */
  readonly maxTextChars: number;
  /** Most CSV columns in any row, header included (`too_many_columns`). */
  readonly maxColumns: number;
  /** Most characters in one CSV record (`too_many_columns`). */
  readonly maxRecordChars: number;
  /** Most entries in a DOCX zip (`zip_bomb`). */
  readonly maxZipEntries: number;
  /** Most bytes all DOCX zip entries may expand to, declared or actual (`zip_bomb`). */
  readonly maxUnzippedBytes: number;
  /** Highest expansion ratio of one zip entry larger than `ratioFloorBytes` (`zip_bomb`). */
  readonly maxZipRatio: number;
  /** Entries that expand to less than this are exempt from the ratio check (tiny XML parts compress well). */
  readonly ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/** Defaults; documented in server/documents/README.md. */
export const defaultDocumentLimits: DocumentLimits = Object.freeze({
  maxBytes: 50 * MiB,
  maxPages: 5_000,
  maxTextChars: 20_000_000,
  maxColumns: 1_000,
  maxRecordChars: 1 * MiB,
  maxZipEntries: 5_000,
  maxUnzippedBytes: 200 * MiB,
  // Deflate tops out near 1032:1; real DOCX XML parts sit between 5:1 and 50:1.
  maxZipRatio: 200,
  ratioFloorBytes: 1 * MiB,
});

/**
 * Fills in defaults and freezes a copy, so that a caller cannot change limits mid-parse.
 * Throws `TypeError` (a caller mistake, not a document problem) for a non-positive or
 * non-integer value.
 */
export function resolveLimits(partial: Partial<DocumentLimits> = {}): DocumentLimits {
  const limits = { ...defaultDocumentLimits, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw Object.assign(new TypeError(`Document limit ${key} must be a positive integer, got ${value}`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
  }
  return Object.freeze(limits);
}
