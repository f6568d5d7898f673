import type { Actor } from '../auth/actor.js';
import { subjectOf } from '../auth/subject.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { PolicyBundle } from '../policy/index.js';
import { decide } from '../policy/index.js';
import { type ConversationRow, findConversation } from '../storage/conversations.js';
import { listMessages, type MessageRow } from '../storage/messages.js';

/**
 * A conversation with its history, decided under the request's policy bundle. The caller reads their own; reading another user's needs
 * `conversation:read:any` for that conversation. Anything else is `conversation_not_found`
 * (404), exactly as a missing one, so that ids do not disclose existence.
 */
export function getConversation(
  deps: Pick<Deps, 'db'> & { bundle: PolicyBundle },
  actor: Actor,
  id: string,
): { conversation: ConversationRow; messages: MessageRow[] } {
  const { bundle } = deps;
  const subject = subjectOf(actor);
  const mayReadAny = decide(bundle, subject, 'conversation:read:any').allow;
  const conversation = findConversation(deps.db, { userId: actor.userId, allUsers: mayReadAny }, id);
  const allowed =
    conversation &&
    decide(bundle, subject, 'conversation:read:own', {
      type: 'conversation',
      id: conversation.id,
      ownerId: conversation.user_id,
    }).allow;
  if (!conversation || !allowed) throw new AppError('conversation_not_found', 'Conversation not found.');
  return {
    conversation,
    messages: listMessages(deps.db, { userId: actor.userId, allUsers: mayReadAny }, id),
  };
}
