import type { Actor } from '../auth/actor.js';
import { readableCollections } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { embeddingModelRef, embedTexts } from '../inference/embed.js';
import type { PolicyBundle } from '../policy/index.js';
import { fusionWeights, type SearchRequest, type SearchResult, search } from '../retrieval/index.js';
import { chooseQuerySpace } from '../storage/vectorsCoverage.js';

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
 * model (the chat model when none is cataloged, then weighted so BM25 carries the ranking;
 * the previous model during a model change),
 * and only collections the policy lets the actor read, decided now under `bundle`, are
 * searched, inside the queries. Every collection searched is an audit entry (counts only).
 */
export async function searchDocuments(
  deps: Pick<Deps, 'db' | 'engine' | 'audit' | 'config'>,
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
  deps: Pick<Deps, 'db' | 'engine' | 'audit' | 'config'>,
  actor: Actor,
  allowed: readonly string[],
  input: DocumentSearchInput,
  signal: AbortSignal,
): Promise<SearchResult[]> {
  if (allowed.length === 0) return [];
  // During an embedding-model change, the previous model's space serves queries while it is
  // complete and the current one is not (ingest/transition.ts keeps that model loaded); with
  // neither complete, the text index alone: a partial vector side would rank only part.
  const embedders = deps.engine.embedders;
  const refs = embedders.map(embeddingModelRef);
  const chosen = chooseQuerySpace(deps.db, allowed, refs);
  const emb = chosen?.complete
    ? embedders[refs.findIndex((r) => r.id === chosen.space.modelId && r.sha256 === chosen.space.modelSha256)]
    : undefined;
  let query: SearchRequest['query'];
  if (emb) {
    const { vectors } = await embedTexts(emb, [input.query], signal);
    query = { model: embeddingModelRef(emb), vector: vectors[0] ?? [] };
  }
  const r = deps.config.documents.retrieval;
  const results = search(deps.db, {
    allowedCollections: allowed,
    queryText: input.query,
    ...(query ? { query } : {}),
    k: input.k ?? 10,
    // Without an embedding-role model, the chat model's vectors only break BM25's ties.
    weights: fusionWeights(
      r.weights,
      !emb ? 'text-only' : emb.entry.role === 'embedding' ? 'embedding' : 'fallback',
    ),
    rrfK: r.rrfK,
    ...(r.mmrLambda !== undefined ? { mmr: { lambda: r.mmrLambda } } : {}),
    quantization: r.quantization,
    oversample: r.oversample,
    binaryAbove: r.binaryAbove,
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
