import type { Actor } from '../auth/actor.js';
import { requireCollection } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { ChatTurn, GenerateResult } from '../inference/generate.js';
import { MemoryVault } from '../pii/index.js';
import type { PolicyBundle } from '../policy/index.js';
import { addCounts } from '../privacy/boundaries.js';
import { chatPrivacy } from '../privacy/chat.js';
import { buildDocumentContext, type Citation } from './buildDocumentContext.js';
import { runGenerationForViewer, type SamplingRequest } from './runGeneration.js';

/** A chat completion request after schema validation (OpenAI fields, normalised). */
export interface ChatCompletionInput {
  model: string;
  messages: ChatTurn[];
  sampling: SamplingRequest;
  /** Parley's extension (issue 7): answer from these document collections. */
  collections?: readonly string[];
}

/**
 * OpenAI-compatible completion for the actor. Stateless: nothing of the exchange is stored
 * (the native conversation API is the stored one). Personal data is masked before the model
 * sees it, with placeholders kept for this request only, and restored in the answer for the
 * caller, who typed the values, when pii.yaml lets them see values (issue 6).
 *
 * With `collections`, each must be readable by the actor under `bundle` (else
 * `collection_not_found`, before anything is generated); passages for the last user message
 * are retrieved from them, given to the model within its context budget, and reported
 * through `onCitations` before the first text and in `citations` (issue 7).
 */
export async function createChatCompletion(
  deps: Deps,
  actor: Actor,
  input: ChatCompletionInput,
  stream: {
    signal: AbortSignal;
    onText?: (text: string) => void;
    onCitations?: (citations: readonly Citation[]) => void;
  },
  bundle: PolicyBundle = deps.policy.current,
): Promise<GenerateResult & { citations: Citation[] }> {
  deps.engine.requireModel(input.model, 'chat');
  const last = input.messages.at(-1);
  if (last?.role !== 'user') {
    throw new AppError('invalid_request', 'The last message must have role "user".', {
      details: { param: 'messages' },
    });
  }
  const collections = [...new Set(input.collections ?? [])];
  for (const name of collections) requireCollection(bundle, actor, name, 'read');

  const privacy = chatPrivacy(deps, bundle, actor, new MemoryVault());
  const masked = privacy.forModel(input.messages);
  const context = await buildDocumentContext(
    deps,
    actor,
    { turns: masked.turns, query: last.content, collections, maxTokens: input.sampling.maxTokens },
    privacy,
    bundle,
    stream.signal,
  );
  if (input.collections) stream.onCitations?.(context.citations);
  const counts = { ...masked.counts };
  addCounts(counts, context.counts);

  const result = await runGenerationForViewer(deps, privacy, context.turns, input.sampling, stream, {
    actor,
    object: { type: 'model', id: input.model },
    maskedCounts: counts,
  });
  return { ...result, text: privacy.displayText(result.text), citations: context.citations };
}
