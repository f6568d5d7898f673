import type { Auditor } from '../audit/events.js';
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
 * (404), exactly as a missing one, so that ids do not disclose existence. Every read is
 * audited (`conversation.read`; another user's conversation says so in `details.owner`), and
 * refused reads of an existing conversation are `access.denied` entries.
 */
export async function getConversation(
  deps: Pick<Deps, 'db'> & { bundle: PolicyBundle; audit: Auditor },
  actor: Actor,
  id: string,
): Promise<{ conversation: ConversationRow; messages: MessageRow[] }> {
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
  if (conversation && !allowed) {
    await deps.audit.record({
      action: 'access.denied',
      actor,
      object: { type: 'conversation', id: conversation.id },
      outcome: 'denied',
      reason: 'conversation_read',
    });
  }
  if (!conversation || !allowed) throw new AppError('conversation_not_found', 'Conversation not found.');
  await deps.audit.record({
    action: 'conversation.read',
    actor,
    object: { type: 'conversation', id: conversation.id },
    details: { owner: conversation.user_id === actor.userId ? 'self' : 'other' },
  });
  return {
    conversation,
    messages: listMessages(deps.db, { userId: actor.userId, allUsers: mayReadAny }, id),
  };
}
