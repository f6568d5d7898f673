import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { GenerateResult } from '../inference/generate.js';
import { findConversation, touchConversation } from '../storage/conversations.js';
import { appendMessage, listMessages, type MessageRow } from '../storage/messages.js';
import { runGeneration, type SamplingRequest } from './runGeneration.js';

/**
 * Adds the actor's message to their conversation and generates the reply, streaming text
 * through `onText`. The user's message is stored before generation so that nothing typed is
 * lost if generation fails; the reply is stored in one short transaction after it ends.
 */
export async function sendMessage(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; content: string; sampling: SamplingRequest },
  stream: { signal: AbortSignal; onText?: (text: string) => void },
): Promise<{ message: MessageRow; result: GenerateResult }> {
  const conversation = findConversation(deps.db, actor, input.conversationId);
  if (!conversation) throw new AppError('conversation_not_found', 'Conversation not found.');
  const history = listMessages(deps.db, actor, conversation.id);
  if (history.length + 2 > deps.config.limits.maxMessages) {
    throw new AppError('invalid_request', 'This conversation is full; start a new one.');
  }
  const turns = [
    ...history.map((m) => ({ role: m.role, content: m.content })),
    { role: 'user' as const, content: input.content },
  ];

  deps.db.transaction(() => {
    appendMessage(deps.db, actor, {
      id: `msg_${randomUUID()}`,
      conversation_id: conversation.id,
      role: 'user',
      content: input.content,
      prompt_tokens: null,
      completion_tokens: null,
      finish_reason: null,
      created_at: deps.clock.now(),
    });
    touchConversation(deps.db, actor, conversation.id, deps.clock.now());
  })();

  const result = await runGeneration(deps, turns, input.sampling, stream, {
    actor,
    object: { type: 'conversation', id: conversation.id },
  });

  const message = deps.db.transaction(() => {
    const row = appendMessage(deps.db, actor, {
      id: `msg_${randomUUID()}`,
      conversation_id: conversation.id,
      role: 'assistant',
      content: result.text,
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      finish_reason: result.finishReason,
      created_at: deps.clock.now(),
    });
    touchConversation(deps.db, actor, conversation.id, deps.clock.now());
    return row;
  })();
  if (!message) throw new AppError('conversation_not_found', 'Conversation not found.');
  return { message, result };
}
