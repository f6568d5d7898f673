import { embedTexts } from '../inference/embed.js';
import { addDocumentVectors, documentChunkTexts } from '../storage/chunks.js';
import { type EmbeddingSpace, ensureEmbeddingSpace } from '../storage/vectors.js';
import { documentsMissingVectors } from '../storage/vectorsCoverage.js';
import type { IngestDeps } from './ingestDocument.js';

const BATCH = 16;

/** The vector space of the embedding model in use now. */
export function currentSpace(deps: Pick<IngestDeps, 'db' | 'engine' | 'clock'>): EmbeddingSpace {
  const emb = deps.engine.embedding;
  return ensureEmbeddingSpace(
    deps.db,
    { id: emb.entry.id, sha256: emb.entry.sha256, dimensions: emb.model.embeddingVectorSize },
    deps.clock.now(),
  );
}

/**
 * After the embedding model changed, gives every finished document of every collection the
 * policy declares vectors in the new model's space, one document at a time (one transaction
 * each, yielding between batches so chats keep their latency). Until a collection is complete
 * in the new space, searches run on its text index alone (commands/searchDocuments.ts), so
 * retrieval keeps working meanwhile. Returns how many documents were re-embedded.
 */
export async function reembedDocuments(
  deps: IngestDeps,
  collections: readonly string[],
  signal: AbortSignal,
): Promise<number> {
  const space = currentSpace(deps);
  const emb = deps.engine.embedding;
  let done = 0;
  for (const collection of collections) {
    for (;;) {
      const ids = documentsMissingVectors(deps.db, space, collection, 20);
      if (ids.length === 0) break;
      for (const id of ids) {
        if (signal.aborted) return done;
        const chunks = documentChunkTexts(deps.db, id);
        const vectors: number[][] = [];
        for (let i = 0; i < chunks.length; i += BATCH) {
          const batch = chunks.slice(i, i + BATCH).map((c) => c.text);
          vectors.push(...(await embedTexts(emb, batch, signal)).vectors);
          await new Promise((r) => setImmediate(r));
        }
        addDocumentVectors(deps.db, { documentId: id, space, vectors, now: deps.clock.now() });
        done++;
      }
    }
  }
  return done;
}
