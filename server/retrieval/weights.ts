import { FALLBACK_EMBEDDING_WEIGHTS } from './search.js';

/** RRF weights of the vector and BM25 sides. */
export interface FusionWeights {
  readonly vector: number;
  readonly text: number;
}

/**
 * The weights a search runs with, from the configured ones and what the vector side can offer:
 * - `embedding`: an embedding-role model made the vectors: as configured;
 * - `fallback`: the chat model stands in for one (none cataloged): its vectors rank no better
 *   than chance (README), so the vector weight is capped at 0.01 × the text weight, where they
 *   only break BM25's near-ties (see FALLBACK_EMBEDDING_WEIGHTS);
 * - `text-only`: no vector space is complete for the collections (mid model change without
 *   the old model): BM25 alone, also when the configuration weights it 0, rather than nothing.
 */
export function fusionWeights(
  configured: FusionWeights,
  vectors: 'embedding' | 'fallback' | 'text-only',
): FusionWeights {
  if (vectors === 'text-only') return { vector: 0, text: configured.text > 0 ? configured.text : 1 };
  if (vectors === 'fallback' && configured.text > 0) {
    const cap = (FALLBACK_EMBEDDING_WEIGHTS.vector / FALLBACK_EMBEDDING_WEIGHTS.text) * configured.text;
    return { vector: Math.min(configured.vector, cap), text: configured.text };
  }
  return { vector: configured.vector, text: configured.text };
}
