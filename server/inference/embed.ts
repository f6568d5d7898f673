import { AppError } from '../errors.js';
import type { LoadedEmbeddingModel } from './engine.js';

/** The vector space a loaded embedding model writes: its catalog id, file hash and vector length. */
export function embeddingModelRef(emb: LoadedEmbeddingModel): {
  id: string;
  sha256: string;
  dimensions: number;
} {
  return { id: emb.entry.id, sha256: emb.entry.sha256, dimensions: emb.model.embeddingVectorSize };
}

/** Vectors for a batch of inputs and the tokens they took. */
export interface EmbedResult {
  vectors: number[][];
  promptTokens: number;
}

/**
 * Embeds each input with the embedding context, one batch per lease. Inputs that do not
 * fit the context are refused up front (`context_length_exceeded`) naming their index.
 */
export async function embedTexts(
  emb: LoadedEmbeddingModel,
  inputs: readonly string[],
  signal: AbortSignal,
): Promise<EmbedResult> {
  const capacity = emb.context.model.trainContextSize;
  const limit = Math.min(capacity, emb.entry.contextSize);
  let promptTokens = 0;
  for (const [i, text] of inputs.entries()) {
    const n = emb.model.tokenize(text).length;
    if (n > limit) {
      throw new AppError(
        'context_length_exceeded',
        `input[${i}] takes ${n} tokens; this model embeds at most ${limit}.`,
        {
          details: { param: 'input' },
        },
      );
    }
    promptTokens += n;
  }
  const lease = await emb.scheduler.acquire(signal);
  try {
    const vectors: number[][] = [];
    for (const text of inputs) {
      if (signal.aborted) throw signal.reason;
      const e = await emb.context.getEmbeddingFor(text);
      vectors.push([...e.vector]);
    }
    return { vectors, promptTokens };
  } finally {
    lease.release();
  }
}
