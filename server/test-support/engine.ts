import { type Clock, systemClock } from '../clock.js';
import { type Catalog, loadCatalog } from '../inference/catalog.js';
import { InferenceEngine } from '../inference/engine.js';
import { createLogger } from '../observability/logger.js';
import { catalogFile, sharedModelsDir } from './paths.js';

/**
 * The real engine with the demo model (or `catalog`), as the server starts it, on one thread
 * and one sequence (test processes share two cores).
 */
export function startTestEngine(
  opts: { catalog?: Catalog; embeddingModelId?: string; clock?: Clock; queueTimeoutMs?: number } = {},
): Promise<InferenceEngine> {
  return InferenceEngine.start({
    catalog: opts.catalog ?? loadCatalog(sharedModelsDir, catalogFile),
    embeddingModelId: opts.embeddingModelId,
    threads: 1,
    sequences: 1,
    gpu: 'off',
    gpuLayers: 0,
    queueMax: 4,
    queueTimeoutMs: opts.queueTimeoutMs ?? 60_000,
    clock: opts.clock ?? systemClock,
    logger: createLogger('silent'),
  });
}
