import { embeddingModelRef } from '../inference/embed.js';
import { addDocumentVectors } from '../storage/chunks.js';
import {
  dropEmbeddingSpace,
  type EmbeddingSpace,
  findEmbeddingSpace,
  listEmbeddingSpaces,
} from '../storage/vectors.js';
import { isSpaceComplete, spaceCoversAllDocuments } from '../storage/vectorsCoverage.js';
import { background, embedInBackground } from './embedBatches.js';
import type { IngestDeps } from './ingestDocument.js';
import { currentSpace } from './reembed.js';

// An embedding-model change (issue 7): "affected collections are re-embedded in the background
// and retrieval keeps working on the old vectors until the new ones are complete". Comparing a
// query with the old vectors needs the query embedded by the OLD model, so the previous model
// stays loaded (from the catalog, verified like any model) for as long as re-embedding runs.

type TransitionDeps = Pick<IngestDeps, 'db' | 'engine' | 'clock' | 'logger'>;

/**
 * Before re-embedding starts: for every earlier space that is still complete for a collection
 * the current model has not finished, loads that earlier model again so queries over those
 * collections are embedded with it and compared with its vectors. A model the catalog no
 * longer lists (same id and file hash) cannot be loaded: its collections are then searched by
 * their text index alone until re-embedded, and the log says so. Returns the models loaded.
 */
export async function openEmbeddingTransition(
  deps: TransitionDeps,
  collections: readonly string[],
): Promise<string[]> {
  const current = currentSpace(deps);
  const pending = collections.filter((c) => !isSpaceComplete(deps.db, current, c));
  if (pending.length === 0) return [];
  const loaded: string[] = [];
  const earlier = listEmbeddingSpaces(deps.db)
    .filter((s) => s.id !== current.id)
    .reverse(); // newest first: the model used just before this one
  for (const space of earlier) {
    const served = pending.filter((c) => isSpaceComplete(deps.db, space, c));
    if (served.length === 0) continue;
    const ref = { id: space.modelId, sha256: space.modelSha256 };
    const already = deps.engine.embedders.some((e) => e.entry.id === ref.id && e.entry.sha256 === ref.sha256);
    const emb = await deps.engine.loadPreviousEmbedding(ref);
    if (!emb) {
      deps.logger.warn(
        { model: space.modelId, collections: served },
        'the previous embedding model is not in the catalog: these collections are searched by text alone until re-embedded',
      );
      continue;
    }
    if (emb.model.embeddingVectorSize !== space.dimensions) {
      deps.logger.warn(
        { model: space.modelId },
        'the previous embedding model makes vectors of another length',
      );
      continue;
    }
    loaded.push(space.modelId);
    if (already) continue;
    deps.logger.info(
      { model: space.modelId, collections: served },
      'previous embedding model loaded: its vectors serve queries until re-embedding is complete',
    );
  }
  return loaded;
}

/**
 * While previous models are loaded, a newly ingested document is embedded by each of them
 * too, so that their spaces stay complete. A previous model that cannot embed a chunk (its
 * context is smaller) is skipped for this document: its collection is then searched by text
 * until re-embedding ends. Returns what to add once the document is stored.
 */
export async function vectorsForPreviousModels(
  deps: TransitionDeps & Pick<IngestDeps, 'config'>,
  texts: readonly string[],
  signal: AbortSignal,
): Promise<{ space: EmbeddingSpace; vectors: number[][] }[]> {
  const out: { space: EmbeddingSpace; vectors: number[][] }[] = [];
  for (const emb of deps.engine.embedders.slice(1)) {
    const space = findEmbeddingSpace(deps.db, embeddingModelRef(emb));
    if (!space) continue;
    try {
      const vectors = await embedInBackground(background(deps), emb, texts, signal);
      if (vectors) out.push({ space, vectors });
    } catch (err) {
      if (signal.aborted) throw err;
      deps.logger.warn(
        { err, model: emb.entry.id },
        'the previous embedding model could not embed a new document',
      );
    }
  }
  return out;
}

/**
 * Adds what `vectorsForPreviousModels` made, right after the document is stored (same tick).
 * A space dropped meanwhile (re-embedding ended while this document was embedded) is skipped.
 */
export function addPreviousVectors(
  deps: TransitionDeps,
  documentId: string,
  previous: readonly { space: EmbeddingSpace; vectors: number[][] }[],
): void {
  const live = new Set(listEmbeddingSpaces(deps.db).map((s) => s.id));
  for (const p of previous) {
    if (live.has(p.space.id)) addDocumentVectors(deps.db, { documentId, ...p, now: deps.clock.now() });
  }
}

/**
 * After re-embedding: once `collections` are complete in the current space, unloads the
 * previous models; once every finished document of every collection has vectors of the
 * current model, also drops the earlier spaces (their vectors would only take disk). While a
 * document failed to re-embed, the previous model stays loaded and its vectors stay, so its
 * collection keeps its vector search. Returns the spaces dropped.
 */
export async function closeEmbeddingTransition(
  deps: TransitionDeps,
  collections: readonly string[],
): Promise<number> {
  const current = currentSpace(deps);
  if (!collections.every((c) => isSpaceComplete(deps.db, current, c))) return 0;
  await deps.engine.releasePreviousEmbeddings();
  if (!spaceCoversAllDocuments(deps.db, current)) return 0;
  let dropped = 0;
  for (const space of listEmbeddingSpaces(deps.db)) {
    if (space.id === current.id) continue;
    dropEmbeddingSpace(deps.db, space);
    deps.logger.info({ model: space.modelId }, 'dropped the vectors of a previous embedding model');
    dropped++;
  }
  return dropped;
}
