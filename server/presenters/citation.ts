import type { Citation } from '../commands/buildDocumentContext.js';
import type { CitationView } from '../commands/viewCitations.js';

/**
 * A passage an answer used (issue 7), in the native SSE `citation` event, a message's
 * `citations`, and the OpenAI API's `citations` extension.
 */
export function presentCitation(c: Citation) {
  return {
    index: c.index,
    document_id: c.documentId,
    chunk_id: c.chunkId,
    collection: c.collection,
    source_name: c.sourceName,
    page: c.page,
    section: c.section,
    text: c.text,
    score: c.score,
  };
}

/**
 * A stored citation for its viewer: the passage when they may still read it; its ids and
 * `deleted: true` when the document is gone; only its index and `withheld: true` when the
 * viewer may not read the collection (not even which document it was).
 */
export function presentCitationView(v: CitationView) {
  switch (v.state) {
    case 'available':
      return presentCitation(v.citation);
    case 'deleted':
      return { index: v.index, document_id: v.documentId, chunk_id: v.chunkId, deleted: true as const };
    case 'withheld':
      return { index: v.index, withheld: true as const };
  }
}
