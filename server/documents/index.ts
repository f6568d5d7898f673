/**
 * Document ingestion, the pure part: bytes in, text sections and chunks out. No database,
 * no files, no network; see README.md for formats, limits and error codes.
 */
export { type ChunkOptions, chunkDocument } from './chunk.js';
export { DocumentError, type DocumentErrorCode, isDocumentError, suggestedHttpStatus } from './errors.js';
export { documentMeta, hashContent } from './hash.js';
export { type DocumentLimits, defaultDocumentLimits, resolveLimits } from './limits.js';
export { MAX_NAME_LENGTH, safeDocumentName } from './name.js';
export { type ParseOptions, parseDocument } from './parse.js';
export { sniffType } from './sniff.js';
export type { Chunk, DocumentMeta, DocumentType, ParsedDocument, Section } from './types.js';
