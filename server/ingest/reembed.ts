import { embeddingModelRef } from '../inference/embed.js';
import { addDocumentVectors, documentChunkTexts } from '../storage/chunks.js';
import { type EmbeddingSpace, ensureEmbeddingSpace } from '../storage/vectors.js';
import { documentsMissingVectors } from '../storage/vectorsCoverage.js';
import { background, embedInBackground } from './embedBatches.js';
import type { IngestDeps } from './ingestDocument.js';

/** The vector space of the embedding model in use now. */
export function currentSpace(deps: Pick<IngestDeps, 'db' | 'engine' | 'clock'>): EmbeddingSpace {
  return ensureEmbeddingSpace(deps.db, embeddingModelRef(deps.engine.embedding), deps.clock.now());
}

/**
 * After the embedding model changed, gives every finished document of `collections` vectors
 * in the new model's space, one document at a time (one transaction each, yielding between
 * batches so chats keep their latency). Meanwhile queries use the previous model's complete
 * space where it is loaded (transition.ts), else the text index. A document that cannot be
 * embedded (a chunk longer than the new model's context) is logged and skipped, not retried
 * in a loop. Returns how many documents were re-embedded.
 */
export async function reembedDocuments(
  deps: IngestDeps,
  collections: readonly string[],
  signal: AbortSignal,
): Promise<number> {
  const space = currentSpace(deps);
  const emb = deps.engine.embedding;
  const failed = new Set<string>();
  let done = 0;
  for (const collection of collections) {
    for (;;) {
      const ids = documentsMissingVectors(deps.db, space, collection, failed.size + 20).filter(
        (id) => !failed.has(id),
      );
      if (ids.length === 0) break;
      for (const id of ids) {
        if (signal.aborted) return done;
        try {
          const chunks = documentChunkTexts(deps.db, id);
          const vectors = await embedInBackground(
            background(deps),
            emb,
            chunks.map((c) => c.text),
            signal,
          );
          addDocumentVectors(deps.db, {
            documentId: id,
            space,
            vectors: vectors ?? [],
            now: deps.clock.now(),
            current: true,
          });
          done++;
        } catch (err) {
          if (signal.aborted) return done;
          failed.add(id);
          deps.logger.warn(
            { err, documentId: id },
            'a document could not be re-embedded with the current model',
          );
        }
      }
    }
  }
  return done;
}
