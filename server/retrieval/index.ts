/**
 * Retrieval over the organisation's documents (issue 7): hybrid search restricted to the
 * collections a caller may read. Storage (documents, chunks, vectors, text indexes) is in
 * server/storage/; this folder fuses and ranks. See README.md.
 */
export { cosine, type MmrCandidate, mmrSelect } from './mmr.js';
export { binaryRelevance, mean, ndcgAtK } from './ndcg.js';
export { MAX_QUERY_CHARS, queryTerms } from './queryTerms.js';
export { DEFAULT_RRF_K, type Fused, type RankedList, reciprocalRankFusion } from './rrf.js';
export { FALLBACK_EMBEDDING_WEIGHTS, type SearchRequest, type SearchResult, search } from './search.js';
export { type FusionWeights, fusionWeights } from './weights.js';
