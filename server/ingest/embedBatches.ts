import { embedTexts } from '../inference/embed.js';
import type { InferenceEngine, LoadedEmbeddingModel } from '../inference/engine.js';

/** Chunks between two progress reports (`beforeBatch`). */
export const EMBED_BATCH = 16;

/** What background embedding gives way to, and for how long at most. */
export interface BackgroundEmbedding {
  engine: Pick<InferenceEngine, 'chat' | 'backgroundLane'>;
  /** Longest wait for running chats to finish before the next chunk is embedded anyway. */
  yieldToChatMs: number;
}

/**
 * Embeds `texts` for ingestion or re-embedding: background work that must not make chats
 * collapse (issue 7). node-llama-cpp evaluates one context at a time on the instance's
 * threads, so every chunk embedded while a chat generates delays its next token by a whole
 * chunk's evaluation (measured: 64-token chats 88 ms idle, 4.3 s during an upload). So each
 * chunk first waits until no chat holds a sequence, at most `yieldToChatMs` (then it goes
 * anyway: ingestion is slowed, never starved), and takes the embedding context for that chunk
 * alone, so that a search's query embedding also waits at most one chunk. Concurrent jobs
 * take turns through `engine.backgroundLane`: one background chunk at a time, so that a chat
 * never queues behind one chunk per job (measured with 4 jobs: 5.0× idle latency without it).
 * `beforeBatch(done)` runs every EMBED_BATCH chunks and may return false to stop (the
 * document was deleted meanwhile): the result is then undefined.
 */
export async function embedInBackground(
  bg: BackgroundEmbedding,
  emb: LoadedEmbeddingModel,
  texts: readonly string[],
  signal: AbortSignal,
  beforeBatch: (done: number) => boolean = () => true,
): Promise<number[][] | undefined> {
  const vectors: number[][] = [];
  for (const [i, text] of texts.entries()) {
    if (i % EMBED_BATCH === 0 && !beforeBatch(i)) return undefined;
    const lane = await bg.engine.backgroundLane.acquire(signal);
    try {
      await bg.engine.chat.scheduler.whenIdle(bg.yieldToChatMs);
      if (signal.aborted) throw signal.reason;
      vectors.push(...(await embedTexts(emb, [text], signal)).vectors);
    } finally {
      lane.release();
    }
  }
  return vectors;
}

/** The background-embedding settings of a server or console command. */
export function background(deps: {
  engine: Pick<InferenceEngine, 'chat' | 'backgroundLane'>;
  config: { documents: { yieldToChatMs: number } };
}): BackgroundEmbedding {
  return { engine: deps.engine, yieldToChatMs: deps.config.documents.yieldToChatMs };
}
