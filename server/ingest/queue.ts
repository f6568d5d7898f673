import { unfinishedDocuments } from '../storage/documents.js';
import { type IngestDeps, ingestDocument } from './ingestDocument.js';
import { reembedDocuments } from './reembed.js';
import { closeEmbeddingTransition, openEmbeddingTransition } from './transition.js';

/**
 * Background ingestion: documents are processed in arrival order, at most `concurrency` at a
 * time (issue 7: bounded, so chat latency does not collapse during a large upload), and
 * whatever was queued or half-done when the process stopped is resumed at the next start.
 */
export class IngestQueue {
  readonly #deps: IngestDeps;
  readonly #concurrency: number;
  readonly #pending: string[] = [];
  readonly #queued = new Set<string>();
  readonly #abort = new AbortController();
  readonly #idle: (() => void)[] = [];
  #running = 0;

  constructor(deps: IngestDeps, concurrency: number) {
    this.#deps = deps;
    this.#concurrency = concurrency;
  }

  /** Queues every unfinished document (after a restart). */
  resume(): number {
    const docs = unfinishedDocuments(this.#deps.db);
    for (const d of docs) this.enqueue(d.id);
    return docs.length;
  }

  /**
   * Re-embeds, in the background, documents that lack vectors of the current embedding model
   * (after a model change), keeping the previous model loaded meanwhile so that queries use
   * its vectors (transition.ts); resolves with how many were done. Failures are logged.
   */
  reembed(collections: readonly string[]): Promise<number> {
    const signal = this.#abort.signal;
    const run = async () => {
      await openEmbeddingTransition(this.#deps, collections);
      const done = await reembedDocuments(this.#deps, collections, signal);
      if (!signal.aborted) await closeEmbeddingTransition(this.#deps, collections);
      return done;
    };
    return run().catch((err: unknown) => {
      if (!signal.aborted) this.#deps.logger.error({ err }, 're-embedding stopped');
      return 0;
    });
  }

  /** Queues a document's job (once). */
  enqueue(documentId: string): void {
    if (this.#abort.signal.aborted || this.#queued.has(documentId)) return;
    this.#queued.add(documentId);
    this.#pending.push(documentId);
    this.#pump();
  }

  /** Resolves when nothing is queued or running (tests, the CLI). */
  whenIdle(): Promise<void> {
    if (this.#running === 0 && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking work and aborts running jobs; they resume at the next start. */
  stop(): Promise<void> {
    this.#abort.abort(new Error('shutting down'));
    this.#pending.length = 0;
    return this.whenIdle();
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#pending.length > 0) {
      const id = this.#pending.shift() as string;
      this.#running++;
      ingestDocument(this.#deps, id, this.#abort.signal)
        .catch((err: unknown) => this.#deps.logger.error({ err, documentId: id }, 'ingestion job crashed'))
        .finally(() => {
          this.#running--;
          this.#queued.delete(id);
          this.#pump();
          if (this.#running === 0 && this.#pending.length === 0) for (const r of this.#idle.splice(0)) r();
        });
    }
  }
}
