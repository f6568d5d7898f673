import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { readableCollections } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { GenerateResult } from '../inference/generate.js';
import type { PolicyBundle } from '../policy/index.js';
import { addCounts } from '../privacy/boundaries.js';
import { chatPrivacy } from '../privacy/chat.js';
import { ConversationVault } from '../privacy/vault.js';
import { findConversation, touchConversation } from '../storage/conversations.js';
import { insertMessageCitations } from '../storage/messageCitations.js';
import { appendMessage, listMessages, type MessageRow } from '../storage/messages.js';
import { buildDocumentContext, type Citation } from './buildDocumentContext.js';
import { runGenerationForViewer, type SamplingRequest } from './runGeneration.js';

/**
 * Adds the actor's message to their conversation and generates the reply, streaming text
 * through `onText`. The user's message is stored before generation so that nothing typed is
 * lost if generation fails; the reply is stored in one short transaction after it ends.
 *
 * In a conversation bound to collections (issue 7), the passages for the message are
 * retrieved from those of its collections the actor may read under `bundle` now (a revoked
 * grant drops a collection at once; with none left the answer has no documents), given to
 * the model within its context budget, and reported through `onCitations` before the first
 * text; the reply is stored with its citations.
 */
export async function sendMessage(
  deps: Deps,
  actor: Actor,
  input: { conversationId: string; content: string; sampling: SamplingRequest },
  stream: {
    signal: AbortSignal;
    onText?: (text: string) => void;
    onCitations?: (citations: readonly Citation[]) => void;
  },
  bundle: PolicyBundle = deps.policy.current,
): Promise<{ message: MessageRow; result: GenerateResult; citations: Citation[] }> {
  const conversation = findConversation(deps.db, actor, input.conversationId);
  if (!conversation) throw new AppError('conversation_not_found', 'Conversation not found.');
  const history = listMessages(deps.db, actor, conversation.id);
  if (history.length + 2 > deps.config.limits.maxMessages) {
    throw new AppError('invalid_request', 'This conversation is full; start a new one.');
  }
  // Issue 6: the conversation's vault keeps placeholders consistent across its messages; what
  // is stored and what the model is given are masked per pii.yaml; the author sees values.
  const vault = new ConversationVault(
    { db: deps.db, box: deps.secretBox, now: () => deps.clock.now() },
    conversation.id,
  );
  const privacy = chatPrivacy(deps, bundle, actor, vault);
  const stored = privacy.forStorage(input.content);
  const masked = privacy.forModel([
    ...history.map((m) => ({ role: m.role, content: m.content })),
    { role: 'user' as const, content: input.content },
  ]);

  deps.db.transaction(() => {
    appendMessage(deps.db, actor, {
      id: `msg_${randomUUID()}`,
      conversation_id: conversation.id,
      role: 'user',
      content: stored.text,
      prompt_tokens: null,
      completion_tokens: null,
      finish_reason: null,
      created_at: deps.clock.now(),
    });
    touchConversation(deps.db, actor, conversation.id, deps.clock.now());
  })();

  const collections = readableCollections(bundle, actor, conversation.collections);
  const context = await buildDocumentContext(
    deps,
    actor,
    { turns: masked.turns, query: input.content, collections, maxTokens: input.sampling.maxTokens },
    privacy,
    bundle,
    stream.signal,
  );
  if (conversation.collections.length > 0) stream.onCitations?.(context.citations);
  const counts = { ...masked.counts };
  addCounts(counts, context.counts);

  const result = await runGenerationForViewer(deps, privacy, context.turns, input.sampling, stream, {
    actor,
    object: { type: 'conversation', id: conversation.id },
    maskedCounts: counts,
  });
  const answer = privacy.forStorage(result.text);

  const message = deps.db.transaction(() => {
    const row = appendMessage(deps.db, actor, {
      id: `msg_${randomUUID()}`,
      conversation_id: conversation.id,
      role: 'assistant',
      content: answer.text,
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      finish_reason: result.finishReason,
      created_at: deps.clock.now(),
    });
    if (row) {
      insertMessageCitations(
        deps.db,
        actor,
        context.citations.map((c) => ({
          message_id: row.id,
          idx: c.index,
          chunk_id: c.chunkId,
          document_id: c.documentId,
          collection: c.collection,
          score: c.score,
        })),
      );
    }
    touchConversation(deps.db, actor, conversation.id, deps.clock.now());
    return row;
  })();
  if (!message) throw new AppError('conversation_not_found', 'Conversation not found.');
  const text = privacy.displayText(answer.text);
  return {
    message: { ...message, content: text },
    result: { ...result, text },
    citations: context.citations,
  };
}
