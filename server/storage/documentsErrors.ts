import { AppError, type AppErrorCode } from '../errors.js';

/**
 * Why the document index refused an operation. Stable snake_case strings: tests and callers
 * match on them, never on the message.
 */
export type DocumentIndexReason =
  /** A collection name the policy could never have declared (see `isCollectionName`). */
  | 'invalid_collection'
  /** Document metadata out of shape (SHA-256 not lowercase hex, negative size, empty name). */
  | 'invalid_document'
  /** A model reference without a catalog-shaped id, a SHA-256 or a sane dimension. */
  | 'invalid_model'
  /** A vector with the wrong length, a non-finite component or zero length (no direction). */
  | 'invalid_vector'
  /** A search parameter out of range (k, weights, λ, oversampling). */
  | 'invalid_search'
  /** Chunks without text, with a negative token count, or vectors not one per chunk. */
  | 'invalid_chunks'
  /** The collection is being deleted: no new documents or chunks until it is gone. */
  | 'collection_deleting'
  /** The document does not exist (or was deleted while its job ran). */
  | 'document_not_found'
  /** The document is not in a state that allows this (vectors for an unfinished document). */
  | 'document_state';

const HTTP_CODE: Record<DocumentIndexReason, AppErrorCode> = {
  invalid_collection: 'invalid_request',
  invalid_document: 'invalid_request',
  invalid_model: 'invalid_request',
  invalid_vector: 'invalid_request',
  invalid_search: 'invalid_request',
  invalid_chunks: 'invalid_request',
  collection_deleting: 'invalid_request',
  document_not_found: 'not_found',
  document_state: 'invalid_request',
};

/**
 * An expected refusal of the document index. It is an `AppError` (so the HTTP layer maps it
 * without knowing this module) whose `reason` says precisely what was refused.
 */
export class DocumentIndexError extends AppError {
  readonly reason: DocumentIndexReason;

  constructor(reason: DocumentIndexReason, message: string, options: { cause?: unknown } = {}) {
    super(HTTP_CODE[reason], message, options);
    this.reason = reason;
  }
}

// The policy bundle's collection id pattern (server/policy/schema.ts), without its "*".
const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True for a name the policy bundle can declare as a collection. */
export function isCollectionName(name: unknown): name is string {
  return typeof name === 'string' && COLLECTION_NAME.test(name);
}

/** Throws `invalid_collection` unless `name` is a collection name. */
export function assertCollectionName(name: unknown): asserts name is string {
  if (!isCollectionName(name)) {
    throw new DocumentIndexError('invalid_collection', `Not a collection name: ${JSON.stringify(name)}`);
  }
}

/**
 * The distinct, well-formed names of an allowed-collections list, in order. A malformed name
 * cannot match any stored row; it is dropped rather than refused so that a permission list
 * computed elsewhere never turns into a query error.
 */
export function normalizeAllowed(allowed: readonly string[]): string[] {
  return [...new Set(allowed.filter(isCollectionName))];
}
