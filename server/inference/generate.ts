import { type ChatHistoryItem, LlamaChat } from 'node-llama-cpp';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { LoadedChatModel } from './engine.js';

/** One turn of a chat, as callers give it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sampling and limits for one generation. */
export interface GenerateOptions {
  maxTokens: number;
  temperature?: number;
  topP?: number;
  stop?: readonly string[];
  seed?: number;
  /** Aborted when the client goes away or the time limit passes; its reason is thrown. */
  signal: AbortSignal;
  /** Called with each piece of text as it is decided (stop sequences are held back). */
  onText?: (text: string) => void;
}

/** What a generation produced and what it cost. */
export interface GenerateResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length';
  /** From the call until the first text, queue wait included. */
  timeToFirstTokenMs: number | null;
  queuedMs: number;
  durationMs: number;
}

/** Maps turns to node-llama-cpp's history, ending with the model's turn to be written. */
function toHistory(turns: readonly ChatTurn[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = turns.map((t) =>
    t.role === 'assistant' ? { type: 'model', response: [t.content] } : { type: t.role, text: t.content },
  );
  history.push({ type: 'model', response: [] });
  return history;
}

/** Tokens the rendered prompt takes, by the model's own tokenizer and template. */
export function countPromptTokens(chat: LoadedChatModel, turns: readonly ChatTurn[]): number {
  const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: toHistory(turns) });
  return contextText.tokenize(chat.model.tokenizer).length;
}

/**
 * Generates a reply on a leased sequence. Rejects with `context_length_exceeded` before
 * queueing when prompt plus `maxTokens` cannot fit the sequence, so that a long prompt
 * never occupies a slot only to fail. The sequence is cleared and released however the
 * generation ends, abort included, so the next request starts clean.
 */
export async function generateChat(
  chat: LoadedChatModel,
  turns: readonly ChatTurn[],
  opts: GenerateOptions,
  clock: Clock,
): Promise<GenerateResult> {
  const started = clock.now();
  const promptTokens = countPromptTokens(chat, turns);
  const capacity = chat.context.contextSize;
  if (promptTokens + opts.maxTokens > capacity) {
    throw new AppError(
      'context_length_exceeded',
      `This model's context holds ${capacity} tokens; the messages take ${promptTokens} and max_tokens asks for ${opts.maxTokens}.`,
      { details: { param: 'messages' } },
    );
  }

  const lease = await chat.scheduler.acquire(opts.signal);
  const queuedMs = clock.now() - started;
  const session = new LlamaChat({
    contextSequence: lease.slot,
    chatWrapper: chat.chatWrapper,
    autoDisposeSequence: false,
  });
  let firstTextAt: number | null = null;
  let completionTokens = 0;
  try {
    const result = await session.generateResponse(toHistory(turns), {
      maxTokens: opts.maxTokens,
      temperature: opts.temperature,
      topP: opts.topP,
      seed: opts.seed,
      customStopTriggers: opts.stop && opts.stop.length > 0 ? [...opts.stop] : undefined,
      signal: opts.signal,
      stopOnAbortSignal: false,
      onToken: (tokens) => {
        completionTokens += tokens.length;
      },
      onTextChunk: (text) => {
        if (text.length === 0) return;
        firstTextAt ??= clock.now();
        opts.onText?.(text);
      },
    });
    return {
      text: result.response,
      promptTokens,
      completionTokens,
      finishReason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      timeToFirstTokenMs: firstTextAt === null ? null : firstTextAt - started,
      queuedMs,
      durationMs: clock.now() - started,
    };
  } catch (err) {
    if (opts.signal.aborted) throw opts.signal.reason;
    throw err;
  } finally {
    session.dispose({ disposeSequence: false });
    // Forget this conversation's tokens; the next lease must not see them.
    await lease.slot.clearHistory().catch(() => {});
    lease.release();
  }
}
