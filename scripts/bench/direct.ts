import { getLlama, LlamaChat, LlamaLogLevel, resolveChatWrapper } from 'node-llama-cpp';
import type { RunResult } from './stats.js';

/** Generates in-process with node-llama-cpp, as the server does but without HTTP. */
export interface DirectRunner {
  /** Name of the chat wrapper in use, to show it matches the server's. */
  readonly wrapperName: string;
  /** Sequences in the context; `run` may be called this many times at once. */
  readonly sequences: number;
  /** Generates on sequence `slot` (default 0); concurrent runs need distinct slots. */
  run(
    prompt: string,
    opts: { maxTokens: number; temperature: number; seed: number },
    slot?: number,
  ): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * Loads the model into its own Llama instance (one sequence unless told). Each `run` does the same
 * per-request work as `server/inference/generate.ts`: a fresh `LlamaChat` on the sequence
 * with the model's default chat wrapper, the same history shape, and a `clearHistory`
 * afterwards, so that the HTTP path's ratio to this one isolates the server's overhead.
 */
export async function openDirect(opts: {
  modelPath: string;
  threads: number;
  contextSize: number;
  sequences?: number;
}): Promise<DirectRunner> {
  const sequenceCount = opts.sequences ?? 1;
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    maxThreads: opts.threads,
    // The tiny model's GGUF triggers harmless tokenizer warnings that would clutter the JSON.
    logLevel: LlamaLogLevel.error,
  });
  const model = await llama.loadModel({ modelPath: opts.modelPath, gpuLayers: 0 });
  const context = await model.createContext({
    contextSize: opts.contextSize,
    sequences: sequenceCount,
    threads: opts.threads,
  });
  const sequences = Array.from({ length: sequenceCount }, () => context.getSequence());
  // The catalog says `chatTemplate: model-default`, which the server maps to exactly this call.
  const chatWrapper = resolveChatWrapper(model);

  return {
    wrapperName: chatWrapper.wrapperName,
    sequences: sequenceCount,
    async run(prompt, { maxTokens, temperature, seed }, slot = 0) {
      const sequence = sequences[slot];
      if (!sequence) throw new Error(`no sequence ${slot}; the context has ${sequenceCount}`);
      const started = performance.now();
      let firstTextAt: number | null = null;
      let tokens = 0;
      const session = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
      let result: Awaited<ReturnType<typeof session.generateResponse>>;
      try {
        result = await session.generateResponse(
          [
            { type: 'user', text: prompt },
            { type: 'model', response: [] },
          ],
          {
            maxTokens,
            temperature,
            seed,
            onToken: (t) => {
              tokens += t.length;
            },
            onTextChunk: (text) => {
              if (text.length > 0) firstTextAt ??= performance.now();
            },
          },
        );
      } finally {
        session.dispose({ disposeSequence: false });
        await sequence.clearHistory();
      }
      // Timed after the cleanup, because the server also clears before sending its final chunk.
      return {
        tokens,
        ms: performance.now() - started,
        ttftMs: firstTextAt === null ? null : firstTextAt - started,
        finishReason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
        text: result.response,
      };
    },
    async close() {
      await llama.dispose();
    },
  };
}
