import { createHash } from 'node:crypto';
import type { DocumentMeta, DocumentType } from './types.js';

/** Lowercase hex SHA-256 of the bytes: the identity used to detect re-uploads of identical content. */
export function hashContent(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Builds the `DocumentMeta` of an upload whose name is already cleaned and type already sniffed. */
export function documentMeta(bytes: Uint8Array, sourceName: string, type: DocumentType): DocumentMeta {
  return Object.freeze({ sourceName, type, size: bytes.byteLength, hash: hashContent(bytes) });
}
