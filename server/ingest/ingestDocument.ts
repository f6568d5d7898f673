import type { Deps } from '../deps.js';
import { chunkDocument, isDocumentError, parseDocument, resolveLimits } from '../documents/index.js';
import type { PolicyBundle } from '../policy/index.js';
import { storeDocumentChunks } from '../storage/chunks.js';
import { documentById, setDocumentStatus } from '../storage/documents.js';
import { ensureEmbeddingSpace } from '../storage/vectors.js';
import { background, embedInBackground } from './embedBatches.js';
import { maskForStorage } from './storageBoundary.js';
import { addPreviousVectors, vectorsForPreviousModels } from './transition.js';
import type { UploadStore } from './uploads.js';

/** What one ingestion job needs. */
export type IngestDeps = Pick<Deps, 'db' | 'engine' | 'clock' | 'config' | 'logger' | 'secretBox'> & {
  uploads: UploadStore;
  /** The bundle in force: its pii.yaml masks document text, and its collections may opt out. */
  policy: { readonly current: PolicyBundle };
};

const PARSE_TIMEOUT_MS = 120_000;

/**
 * Runs one document's job: parse (by content), chunk by structure under the embedding model's
 * token budget, embed in small batches (yielding between them so chats keep their latency),
 * then store chunks, text index and vectors in one transaction (status `done`). A document
 * error (corrupt, encrypted, zip bomb, no text, ...) fails this document only, with its reason;
 * the upload's bytes are removed once the job ends either way. Safe to run again after a
 * crash: storing replaces whatever an earlier attempt left.
 */
export async function ingestDocument(
  deps: IngestDeps,
  documentId: string,
  signal: AbortSignal,
): Promise<void> {
  const doc = documentById(deps.db, documentId);
  if (!doc || doc.status === 'done' || doc.status === 'failed') return;
  const now = () => deps.clock.now();
  const bytes = deps.uploads.get(documentId);
  if (!bytes) {
    setDocumentStatus(deps.db, documentId, { status: 'failed', reason: 'upload_missing', now: now() });
    return;
  }
  try {
    setDocumentStatus(deps.db, documentId, { status: 'parsing', now: now() });
    const parsed = await parseDocument(bytes, {
      name: doc.source_name,
      limits: resolveLimits({ maxBytes: deps.config.documents.maxUploadBytes }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(PARSE_TIMEOUT_MS)]),
    });
    const emb = deps.engine.embedding;
    const budget = Math.min(deps.config.documents.chunkTokens, emb.entry.contextSize);
    const raw = chunkDocument(parsed, {
      countTokens: (text) => emb.model.tokenize(text).length,
      budget,
      overlap: Math.min(deps.config.documents.chunkOverlap, Math.floor(budget / 2)),
    });
    const chunks = maskForStorage(deps, doc.collection, raw, (text) => emb.model.tokenize(text).length);
    const texts = chunks.map((c) => c.text);
    const vectors = await embedInBackground(background(deps), emb, texts, signal, (i) =>
      setDocumentStatus(deps.db, documentId, {
        status: 'embedding',
        progress: i / chunks.length,
        now: now(),
      }),
    );
    if (!vectors) return; // deleted while its job ran
    // During an embedding-model change the previous models' spaces get this document too, so
    // that they stay complete and keep serving queries until re-embedding ends (transition.ts).
    const previous = await vectorsForPreviousModels(deps, texts, signal);
    const dimensions = vectors[0]?.length ?? 0;
    const space = ensureEmbeddingSpace(
      deps.db,
      { id: emb.entry.id, sha256: emb.entry.sha256, dimensions },
      now(),
    );
    storeDocumentChunks(deps.db, {
      documentId,
      space,
      now: now(),
      chunks: chunks.map((c, i) => ({
        text: c.text,
        page: c.page ?? null,
        section: c.section ?? null,
        tokens: c.tokens,
        vector: vectors[i] ?? [],
      })),
    });
    // Same tick as the store above: no search runs between the two transactions.
    addPreviousVectors(deps, documentId, previous);
    deps.uploads.remove(documentId);
  } catch (err) {
    if (signal.aborted) return; // shutting down: resumed at the next start
    const reason = isDocumentError(err) ? err.code : 'ingest_failed';
    if (!isDocumentError(err)) deps.logger.error({ err, documentId }, 'ingestion failed');
    setDocumentStatus(deps.db, documentId, { status: 'failed', reason, now: now() });
    deps.uploads.remove(documentId);
  }
}
