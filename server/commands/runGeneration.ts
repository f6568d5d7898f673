import type { Deps } from '../deps.js';
import { AppError, isAppError } from '../errors.js';
import {
  type ChatTurn,
  type GenerateOptions,
  type GenerateResult,
  generateChat,
} from '../inference/generate.js';

/** Sampling parameters as a caller asks for them, before defaults and limits. */
export interface SamplingRequest {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: readonly string[];
  seed?: number;
}

/**
 * Shared by the native chat and the OpenAI-compatible API: applies the token limit,
 * generates, and records tokens, time to first token and aborts in the metrics.
 */
export async function runGeneration(
  deps: Deps,
  turns: readonly ChatTurn[],
  sampling: SamplingRequest,
  stream: Pick<GenerateOptions, 'signal' | 'onText'>,
): Promise<GenerateResult> {
  const { inference } = deps.config;
  const maxTokens = sampling.maxTokens ?? inference.maxTokensDefault;
  if (maxTokens > inference.maxTokensLimit) {
    throw new AppError(
      'max_tokens_exceeded',
      `max_tokens is ${maxTokens}; this server allows at most ${inference.maxTokensLimit}.`,
      { details: { param: 'max_tokens' } },
    );
  }
  const model = deps.engine.chat.entry.id;
  try {
    const result = await generateChat(
      deps.engine.chat,
      turns,
      { ...sampling, maxTokens, signal: stream.signal, onText: stream.onText },
      deps.clock,
    );
    deps.metrics.tokensGenerated.inc({ model }, result.completionTokens);
    deps.metrics.promptTokens.inc({ model }, result.promptTokens);
    if (result.timeToFirstTokenMs !== null) {
      deps.metrics.timeToFirstToken.observe({ model }, result.timeToFirstTokenMs / 1000);
    }
    return result;
  } catch (err) {
    if (isAppError(err)) {
      if (err.code === 'client_closed' || err.code === 'generation_timeout' || err.code === 'shutting_down') {
        deps.metrics.generationAborts.inc({ reason: err.code });
      }
    }
    throw err;
  }
}
