import type { AuditObject } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError, isAppError } from '../errors.js';
import {
  type ChatTurn,
  type GenerateOptions,
  type GenerateResult,
  generateChat,
} from '../inference/generate.js';
import { countDetails } from '../privacy/boundaries.js';
import type { ChatPrivacy } from '../privacy/chat.js';

/** Sampling parameters as a caller asks for them, before defaults and limits. */
export interface SamplingRequest {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: readonly string[];
  seed?: number;
}

/** Who asked, about what: the chat request's audit entry (metadata only, never text). */
export interface GenerationAudit {
  actor: Actor;
  /** The conversation (native chat) or the model (stateless OpenAI API). */
  object: AuditObject;
  /** Personal data masked on the way to the model, by entity type (counts only). */
  maskedCounts: Readonly<Record<string, number>>;
}

/**
 * Shared by the native chat and the OpenAI-compatible API: applies the token limit,
 * generates, and records tokens, time to first token and aborts in the metrics. Every
 * request, finished or failed, is a `chat.request` audit entry with its token counts, and
 * the result is returned only after that entry is committed: a stream's final event waits
 * for it, and an unrecordable request ends in `audit_unavailable` instead (fail closed).
 */
export async function runGeneration(
  deps: Deps,
  turns: readonly ChatTurn[],
  sampling: SamplingRequest,
  stream: Pick<GenerateOptions, 'signal' | 'onText'>,
  audit: GenerationAudit,
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
  const masked = countDetails(audit.maskedCounts);
  deps.engine.promptObserver?.(turns);
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
    await deps.audit.record({
      action: 'chat.request',
      actor: audit.actor,
      object: audit.object,
      details: {
        model,
        prompt_tokens: result.promptTokens,
        completion_tokens: result.completionTokens,
        finish_reason: result.finishReason,
        message_count: turns.length,
        ...masked,
      },
    });
    return result;
  } catch (err) {
    if (isAppError(err)) {
      if (err.code === 'client_closed' || err.code === 'generation_timeout' || err.code === 'shutting_down') {
        deps.metrics.generationAborts.inc({ reason: err.code });
      }
      if (err.code === 'audit_unavailable') throw err;
    }
    await deps.audit.record({
      action: 'chat.request',
      actor: audit.actor,
      object: audit.object,
      outcome: 'error',
      reason: isAppError(err) ? err.code : 'internal_error',
      details: { model, message_count: turns.length, ...masked },
    });
    throw err;
  }
}

/**
 * `runGeneration` for a viewer: streamed text passes the display boundary of `privacy` (values
 * restored for the author when pii.yaml allows, a placeholder never split), flushed at the end.
 */
export async function runGenerationForViewer(
  deps: Deps,
  privacy: Pick<ChatPrivacy, 'display'>,
  turns: readonly ChatTurn[],
  sampling: SamplingRequest,
  stream: Pick<GenerateOptions, 'signal' | 'onText'>,
  audit: GenerationAudit,
): Promise<GenerateResult> {
  const shown = privacy.display(stream.onText);
  const result = await runGeneration(
    deps,
    turns,
    sampling,
    { signal: stream.signal, onText: shown.onText },
    audit,
  );
  shown.flush();
  return result;
}
