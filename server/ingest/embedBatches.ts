import { embedTexts } from '../inference/embed.js';
import type { LoadedEmbeddingModel } from '../inference/engine.js';

/** Texts embedded per lease of the embedding context. */
export const EMBED_BATCH = 16;

/**
 * Embeds `texts` in small batches, yielding to the event loop between them so that chats keep
 * their latency during a large ingestion. `beforeBatch(done)` runs before each batch and may
 * return false to stop (the document was deleted meanwhile): the result is then undefined.
 */
export async function embedInBatches(
  emb: LoadedEmbeddingModel,
  texts: readonly string[],
  signal: AbortSignal,
  beforeBatch: (done: number) => boolean = () => true,
): Promise<number[][] | undefined> {
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    if (!beforeBatch(i)) return undefined;
    vectors.push(...(await embedTexts(emb, texts.slice(i, i + EMBED_BATCH), signal)).vectors);
    await new Promise((r) => setImmediate(r));
  }
  return vectors;
}
