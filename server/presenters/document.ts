import type { SearchResult } from '../retrieval/index.js';
import type { DocumentRow } from '../storage/documents.js';

/** A document and its ingestion job, as the API shows it (listed fields only). */
export function presentDocument(d: DocumentRow) {
  return {
    id: d.id,
    collection: d.collection,
    name: d.source_name,
    type: d.media_type,
    size_bytes: d.size_bytes,
    sha256: d.sha256,
    status: d.status,
    status_reason: d.status_reason,
    progress: d.progress,
    chunk_count: d.chunk_count,
    embedding_model: d.embedding_model,
    created_at: new Date(d.created_at).toISOString(),
  };
}

/** One passage found: `parley docs search --json` and `POST /api/search` share this shape. */
export function presentSearchResult(r: SearchResult) {
  return {
    document_id: r.documentId,
    chunk_id: r.chunkId,
    collection: r.collection,
    source_name: r.sourceName,
    score: r.score,
    text: r.text,
    page: r.page,
    section: r.section,
  };
}
