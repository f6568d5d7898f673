import { createHash, randomUUID } from 'node:crypto';
import { embedTexts } from '../inference/embed.js';
import { storeDocumentChunks } from '../storage/chunks.js';
import { createDocument } from '../storage/documents.js';
import { ensureEmbeddingSpace } from '../storage/vectors.js';
import type { TestServer } from './server.js';

/** One passage of a fixture document. */
export interface FixturePassage {
  text: string;
  page?: number;
  section?: string;
}

/**
 * A finished document in `collection`, written through the storage API as an ingestion job
 * would write it, with vectors from the server's real embedding model (so that they match
 * the query side of retrieval). Returns its id and its chunk ids, in passage order.
 */
export async function addChatDocument(
  server: TestServer,
  collection: string,
  passages: readonly FixturePassage[],
  sourceName = `${collection}-${randomUUID().slice(0, 8)}.txt`,
): Promise<{ documentId: string; chunkIds: number[] }> {
  const { db, engine, clock } = server.deps;
  const emb = engine.embedding;
  const texts = passages.map((p) => p.text);
  const { vectors } = await embedTexts(emb, texts, AbortSignal.timeout(60_000));
  const now = clock.now();
  const space = ensureEmbeddingSpace(
    db,
    { id: emb.entry.id, sha256: emb.entry.sha256, dimensions: vectors[0]?.length ?? 0 },
    now,
  );
  const documentId = randomUUID();
  const made = createDocument(db, {
    id: documentId,
    collection,
    source_name: sourceName,
    media_type: 'text/plain',
    size_bytes: Buffer.byteLength(texts.join('\n')),
    sha256: createHash('sha256')
      .update(`${documentId}\n${texts.join('\n')}`)
      .digest('hex'),
    uploaded_by: null,
    created_at: now,
  });
  if (!made.created) throw new Error('fixture document unexpectedly a duplicate');
  const chunkIds = storeDocumentChunks(db, {
    documentId,
    space,
    now,
    chunks: passages.map((p, i) => ({
      text: p.text,
      page: p.page ?? null,
      section: p.section ?? null,
      tokens: emb.model.tokenize(p.text).length,
      vector: vectors[i] ?? [],
    })),
  });
  return { documentId, chunkIds };
}
