import type { Actor } from '../auth/actor.js';
import { readableCollections } from '../collections/access.js';
import type { PolicyBundle } from '../policy/index.js';
import { getChunks } from '../storage/chunks.js';
import type { Db } from '../storage/db.js';
import { type CitationRow, listConversationCitations } from '../storage/messageCitations.js';
import type { Scope } from '../storage/scope.js';
import type { Citation } from './buildDocumentContext.js';

/** A stored citation as one viewer may see it now. */
export type CitationView =
  | { readonly state: 'available'; readonly citation: Citation }
  /** The viewer may read the collection, but the passage is gone (document or collection deleted). */
  | {
      readonly state: 'deleted';
      readonly index: number;
      readonly documentId: string;
      readonly chunkId: number;
    }
  /** The viewer may not read the collection (never, or no longer): nothing of the passage is shown. */
  | { readonly state: 'withheld'; readonly index: number };

/**
 * The citations of a conversation's messages as `viewer` may see them under `bundle`, by
 * message id. Grants are decided now, not when the answer was given: the passage text is read
 * again through `getChunks`, restricted to the collections the viewer may read, so a revoked
 * grant hides it and a deleted document shows as deleted instead of failing. The caller has
 * decided that the viewer may read the conversation (`scope`).
 */
export function viewCitations(
  db: Db,
  bundle: PolicyBundle,
  viewer: Actor,
  scope: Scope,
  conversationId: string,
): Map<string, CitationView[]> {
  const rows = listConversationCitations(db, scope, conversationId);
  const byMessage = new Map<string, CitationView[]>();
  if (rows.length === 0) return byMessage;
  const readable = readableCollections(bundle, viewer, [...new Set(rows.map((r) => r.collection))]);
  const chunks = new Map(
    getChunks(
      db,
      readable,
      rows.map((r) => r.chunk_id),
    ).map((c) => [c.chunkId, c]),
  );
  for (const row of rows) {
    const views = byMessage.get(row.message_id) ?? [];
    views.push(viewOf(row, readable, chunks));
    byMessage.set(row.message_id, views);
  }
  return byMessage;
}

function viewOf(
  row: CitationRow,
  readable: readonly string[],
  chunks: ReadonlyMap<number, ReturnType<typeof getChunks>[number]>,
): CitationView {
  if (!readable.includes(row.collection)) return { state: 'withheld', index: row.idx };
  const c = chunks.get(row.chunk_id);
  if (!c || c.documentId !== row.document_id || c.collection !== row.collection) {
    return { state: 'deleted', index: row.idx, documentId: row.document_id, chunkId: row.chunk_id };
  }
  return {
    state: 'available',
    citation: {
      index: row.idx,
      chunkId: c.chunkId,
      documentId: c.documentId,
      collection: c.collection,
      sourceName: c.sourceName,
      page: c.page,
      section: c.section,
      text: c.text,
      score: row.score,
    },
  };
}
