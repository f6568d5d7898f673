import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { type ConversationRow, findConversation } from '../storage/conversations.js';
import { listMessages, type MessageRow } from '../storage/messages.js';

/**
 * A conversation with its history. Another user's conversation is `conversation_not_found`
 * (404), exactly as a missing one, so that ids do not disclose existence.
 */
export function getConversation(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  id: string,
): { conversation: ConversationRow; messages: MessageRow[] } {
  const conversation = findConversation(deps.db, actor, id);
  if (!conversation) throw new AppError('conversation_not_found', 'Conversation not found.');
  return { conversation, messages: listMessages(deps.db, actor, id) };
}
