import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { ChatTurn, GenerateResult } from '../inference/generate.js';
import { MemoryVault } from '../pii/index.js';
import type { PolicyBundle } from '../policy/index.js';
import { chatPrivacy } from '../privacy/chat.js';
import { runGeneration, type SamplingRequest } from './runGeneration.js';

/** A chat completion request after schema validation (OpenAI fields, normalised). */
export interface ChatCompletionInput {
  model: string;
  messages: ChatTurn[];
  sampling: SamplingRequest;
}

/**
 * OpenAI-compatible completion for the actor. Stateless: nothing of the exchange is stored
 * (the native conversation API is the stored one). Personal data is masked before the model
 * sees it, with placeholders kept for this request only, and restored in the answer for the
 * caller, who typed the values, when pii.yaml lets them see values (issue 6).
 */
export async function createChatCompletion(
  deps: Deps,
  actor: Actor,
  input: ChatCompletionInput,
  stream: { signal: AbortSignal; onText?: (text: string) => void },
  bundle: PolicyBundle = deps.policy.current,
): Promise<GenerateResult> {
  deps.engine.requireModel(input.model, 'chat');
  const last = input.messages.at(-1);
  if (last?.role !== 'user') {
    throw new AppError('invalid_request', 'The last message must have role "user".', {
      details: { param: 'messages' },
    });
  }
  const privacy = chatPrivacy(deps, bundle, actor, new MemoryVault());
  const { turns, counts } = privacy.forModel(input.messages);
  const shown = privacy.display(stream.onText);
  const result = await runGeneration(
    deps,
    turns,
    input.sampling,
    { signal: stream.signal, onText: shown.onText },
    {
      actor,
      object: { type: 'model', id: input.model },
      maskedCounts: counts,
    },
  );
  shown.flush();
  return { ...result, text: privacy.displayText(result.text) };
}
