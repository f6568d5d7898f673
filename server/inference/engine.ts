import {
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaEmbeddingContext,
  LlamaLogLevel,
  type LlamaModel,
} from 'node-llama-cpp';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { type Catalog, type CatalogEntry, modelPath, selectModels } from './catalog.js';
import { SlotScheduler } from './scheduler.js';
import { type ChatWrapperLike, resolveTemplate } from './templates.js';
import { verifyModelFile } from './verify.js';

/** How the engine is started; derived from the validated config. */
export interface EngineOptions {
  catalog: Catalog;
  chatModelId?: string;
  embeddingModelId?: string;
  threads: number;
  sequences: number;
  contextSize?: number;
  gpu: 'off' | 'auto' | 'cuda' | 'vulkan';
  gpuLayers: 'auto' | number;
  queueMax: number;
  queueTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** A loaded model and what serves it. */
export interface LoadedChatModel {
  readonly entry: CatalogEntry;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  readonly chatWrapper: ChatWrapperLike;
  readonly scheduler: SlotScheduler<LlamaContextSequence>;
}

/** The embedding side: its own context, one request at a time. */
export interface LoadedEmbeddingModel {
  readonly entry: CatalogEntry;
  readonly model: LlamaModel;
  readonly context: LlamaEmbeddingContext;
  readonly scheduler: SlotScheduler<LlamaEmbeddingContext>;
}

/**
 * The only owner of node-llama-cpp objects. Verifies every model file against the catalog
 * before loading it, creates one context with `sequences` parallel sequences (llama.cpp
 * batches them together), and caps every thread pool at `threads`.
 */
export class InferenceEngine {
  private closed = false;
  // Previous embedding models kept loaded during a model change, and whether each owns its
  // model (false when the chat model served as the embedder).
  readonly #previous: { loaded: LoadedEmbeddingModel; ownsModel: boolean }[] = [];
  /**
   * Sees every conversation exactly as it is handed to the model, after masking (issue 6:
   * "assert on what the model context was given"). Unset in production.
   */
  promptObserver: ((turns: readonly { role: string; content: string }[]) => void) | undefined;
  /**
   * One background embedding (ingestion, re-embedding) at a time in this process, whatever
   * the ingestion concurrency: a chat that starts then waits for at most one chunk.
   */
  readonly backgroundLane: SlotScheduler<true>;

  private constructor(
    readonly llama: Llama,
    readonly chat: LoadedChatModel,
    readonly embedding: LoadedEmbeddingModel,
    readonly threads: number,
    private readonly opts: EngineOptions,
  ) {
    // Background work waits as long as it takes; its bound is the ingestion queue's.
    this.backgroundLane = new SlotScheduler([true], {
      queueMax: 1_000_000,
      queueTimeoutMs: 86_400_000,
      clock: opts.clock,
    });
  }

  /** Verifies and loads the cataloged models. */
  static async start(opts: EngineOptions): Promise<InferenceEngine> {
    const { chat: chatEntry, embedding: embeddingEntry } = selectModels(opts.catalog, {
      chat: opts.chatModelId,
      embedding: opts.embeddingModelId,
    });
    await verifyModelFile(modelPath(opts.catalog, chatEntry), chatEntry.sha256);
    if (embeddingEntry) await verifyModelFile(modelPath(opts.catalog, embeddingEntry), embeddingEntry.sha256);

    const llama = await getLlama({
      gpu: opts.gpu === 'off' ? false : opts.gpu,
      build: 'never',
      // Caps the whole instance: chat and embedding contexts share these threads.
      maxThreads: opts.threads,
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (!text) return;
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
          opts.logger.error({ llama: text });
        else opts.logger.debug({ llama: text });
      },
    });
    const gpuLayers = opts.gpu === 'off' ? 0 : opts.gpuLayers;
    const load = (entry: CatalogEntry) =>
      llama.loadModel({ modelPath: modelPath(opts.catalog, entry), gpuLayers });

    const model = await load(chatEntry);
    const context = await model.createContext({
      contextSize: opts.contextSize ?? chatEntry.contextSize,
      sequences: opts.sequences,
      threads: opts.threads,
    });
    const sequences = Array.from({ length: opts.sequences }, () => context.getSequence());
    const queue = { queueMax: opts.queueMax, queueTimeoutMs: opts.queueTimeoutMs, clock: opts.clock };
    const chat: LoadedChatModel = {
      entry: chatEntry,
      model,
      context,
      chatWrapper: resolveTemplate(model, chatEntry.chatTemplate),
      scheduler: new SlotScheduler(sequences, queue),
    };

    // Without a cataloged embedding model the chat model embeds (as the issue asks).
    const embeddingModel = embeddingEntry ? await load(embeddingEntry) : model;
    const embeddingContext = await embeddingModel.createEmbeddingContext({
      contextSize: (embeddingEntry ?? chatEntry).contextSize,
      threads: opts.threads,
    });
    const embedding: LoadedEmbeddingModel = {
      entry: embeddingEntry ?? chatEntry,
      model: embeddingModel,
      context: embeddingContext,
      scheduler: new SlotScheduler([embeddingContext], queue),
    };
    return new InferenceEngine(llama, chat, embedding, opts.threads, opts);
  }

  /**
   * The models a retrieval query may be embedded with, most preferred first: the current
   * embedding model, then previous ones kept loaded while their vectors still serve
   * collections that are being re-embedded (issue 7).
   */
  get embedders(): readonly LoadedEmbeddingModel[] {
    return [this.embedding, ...this.#previous.map((p) => p.loaded)];
  }

  /**
   * Loads the catalog entry with exactly this id and file hash as an extra embedding model,
   * so that queries can still be compared with the vectors it made. The file is verified
   * against the catalog like any other; the chat model is reused, not loaded twice.
   * Undefined when the catalog no longer lists that model (its vectors cannot be queried).
   */
  async loadPreviousEmbedding(ref: {
    id: string;
    sha256: string;
  }): Promise<LoadedEmbeddingModel | undefined> {
    if (this.embedding.entry.id === ref.id && this.embedding.entry.sha256 === ref.sha256)
      return this.embedding;
    const known = this.#previous.find(
      (p) => p.loaded.entry.id === ref.id && p.loaded.entry.sha256 === ref.sha256,
    );
    if (known) return known.loaded;
    const entry = this.opts.catalog.models.find((m) => m.id === ref.id && m.sha256 === ref.sha256);
    if (!entry) return undefined;
    const ownsModel = entry !== this.chat.entry;
    let model = this.chat.model;
    if (ownsModel) {
      await verifyModelFile(modelPath(this.opts.catalog, entry), entry.sha256);
      model = await this.llama.loadModel({
        modelPath: modelPath(this.opts.catalog, entry),
        gpuLayers: this.opts.gpu === 'off' ? 0 : this.opts.gpuLayers,
      });
    }
    const context = await model.createEmbeddingContext({
      contextSize: entry.contextSize,
      threads: this.threads,
    });
    const { queueMax, queueTimeoutMs, clock } = this.opts;
    const loaded: LoadedEmbeddingModel = {
      entry,
      model,
      context,
      scheduler: new SlotScheduler([context], { queueMax, queueTimeoutMs, clock }),
    };
    this.#previous.push({ loaded, ownsModel });
    return loaded;
  }

  /**
   * Unloads the previous embedding models once re-embedding is complete. Each is first taken
   * out of `embedders` (new queries no longer choose it); its only slot is then leased, which
   * waits for the queries already using it, before its native memory is freed.
   */
  async releasePreviousEmbeddings(): Promise<void> {
    for (const { loaded, ownsModel } of this.#previous.splice(0)) {
      for (;;) {
        try {
          await loaded.scheduler.acquire();
          break;
        } catch {
          // queue_timeout or queue_full behind slow queries: keep waiting for them.
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await loaded.context.dispose();
      if (ownsModel) await loaded.model.dispose();
    }
  }

  /** Ids of the models this engine serves, for `/v1/models`. */
  servedModels(): CatalogEntry[] {
    return this.embedding.entry === this.chat.entry
      ? [this.chat.entry]
      : [this.chat.entry, this.embedding.entry];
  }

  /** Throws `model_not_found` unless `id` names a served model (for `chat` or `embedding` use). */
  requireModel(id: string, use: 'chat' | 'embedding'): CatalogEntry {
    const entry = use === 'chat' ? this.chat.entry : this.embedding.entry;
    if (entry.id !== id) {
      throw new AppError('model_not_found', `The model '${id}' does not exist or is not served for ${use}.`, {
        details: { param: 'model' },
      });
    }
    return entry;
  }

  /** Live figures for /readyz and metrics. */
  stats(): { sequencesTotal: number; sequencesInUse: number; queueDepth: number; threads: number } {
    return {
      sequencesTotal: this.chat.scheduler.size,
      sequencesInUse: this.chat.scheduler.inUse,
      queueDepth: this.chat.scheduler.queueDepth + this.embedding.scheduler.queueDepth,
      threads: this.threads,
    };
  }

  /** True while models are loaded. */
  get ready(): boolean {
    return !this.closed;
  }

  /** Releases models, contexts and native memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.llama.dispose();
  }
}
