import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { ChatTurn, GenerateResult } from '../inference/generate.js';
import { runGeneration, type SamplingRequest } from './runGeneration.js';

/** A chat completion request after schema validation (OpenAI fields, normalised). */
export interface ChatCompletionInput {
  model: string;
  messages: ChatTurn[];
  sampling: SamplingRequest;
}

/**
 * OpenAI-compatible completion for the actor. Stateless: nothing of the exchange is stored
 * (the native conversation API is the stored one).
 */
export async function createChatCompletion(
  deps: Deps,
  actor: Actor,
  input: ChatCompletionInput,
  stream: { signal: AbortSignal; onText?: (text: string) => void },
): Promise<GenerateResult> {
  deps.engine.requireModel(input.model, 'chat');
  const last = input.messages.at(-1);
  if (last?.role !== 'user') {
    throw new AppError('invalid_request', 'The last message must have role "user".', {
      details: { param: 'messages' },
    });
  }
  return runGeneration(deps, input.messages, input.sampling, stream, {
    actor,
    object: { type: 'model', id: input.model },
  });
}
