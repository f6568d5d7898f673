import type { Actor } from '../auth/actor.js';
import { readableCollections } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { embedTexts } from '../inference/embed.js';
import type { PolicyBundle } from '../policy/index.js';
import { FALLBACK_EMBEDDING_WEIGHTS, type SearchResult, search } from '../retrieval/index.js';
import { findEmbeddingSpace } from '../storage/vectors.js';
import { isSpaceComplete } from '../storage/vectorsCoverage.js';

/** A search over the collections the caller may read. */
export interface DocumentSearchInput {
  /** The question (attacker-controlled text; BM25 never sees it as FTS syntax). */
  query: string;
  /** Restrict to these collections; each must be readable (else `collection_not_found`). */
  collections?: readonly string[];
  k?: number;
}

/**
 * Hybrid retrieval for `actor` (issue 7): the query is embedded with the cataloged embedding
 * model (the chat model when none is cataloged, then weighted so BM25 carries the ranking),
 * and only collections the policy lets the actor read, decided now under `bundle`, are
 * searched, inside the queries. Every collection searched is an audit entry (counts only).
 */
export async function searchDocuments(
  deps: Pick<Deps, 'db' | 'engine' | 'audit'>,
  actor: Actor,
  input: DocumentSearchInput,
  bundle: PolicyBundle,
  signal: AbortSignal,
): Promise<SearchResult[]> {
  const allowed = readableCollections(bundle, actor, input.collections);
  if (input.collections) {
    const denied = input.collections.filter((c) => !allowed.includes(c));
    // An unreadable collection answers as a missing one: names do not disclose existence.
    if (denied.length > 0) throw new AppError('collection_not_found', `Collection not found: ${denied[0]}.`);
  }
  return searchCollections(deps, actor, allowed, input, signal);
}

/**
 * The search itself over collections already decided (the console operator names them; the
 * API's callers get them from the policy above). Audited per collection searched.
 */
export async function searchCollections(
  deps: Pick<Deps, 'db' | 'engine' | 'audit'>,
  actor: Actor,
  allowed: readonly string[],
  input: DocumentSearchInput,
  signal: AbortSignal,
): Promise<SearchResult[]> {
  if (allowed.length === 0) return [];
  const emb = deps.engine.embedding;
  const { vectors } = await embedTexts(emb, [input.query], signal);
  const vector = vectors[0] ?? [];
  const fallback = emb.entry.role !== 'embedding';
  // Until every allowed collection has vectors of the current model (after a model change
  // they are re-embedded in the background), search their text alone: no stale vectors.
  const space = findEmbeddingSpace(deps.db, {
    id: emb.entry.id,
    sha256: emb.entry.sha256,
    dimensions: vector.length,
  });
  const complete = space !== undefined && allowed.every((c) => isSpaceComplete(deps.db, space, c));
  const results = search(deps.db, {
    allowedCollections: allowed,
    queryText: input.query,
    query: { model: { id: emb.entry.id, sha256: emb.entry.sha256, dimensions: vector.length }, vector },
    k: input.k ?? 10,
    ...(!complete
      ? { weights: { vector: 0, text: 1 } }
      : fallback
        ? { weights: FALLBACK_EMBEDDING_WEIGHTS }
        : {}),
  });
  for (const collection of allowed) {
    await deps.audit.record({
      action: 'collection.searched',
      actor,
      object: { type: 'collection', id: collection },
      details: { result_count: results.filter((r) => r.collection === collection).length },
    });
  }
  return results;
}
