import type { Auditor } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import { subjectOf } from '../auth/subject.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { piiEngineFor } from '../pii/index.js';
import { effectiveRoles } from '../policy/decide.js';
import type { PolicyBundle } from '../policy/index.js';
import { decide } from '../policy/index.js';
import { displayFor, operatorKeys } from '../privacy/boundaries.js';
import { ConversationVault } from '../privacy/vault.js';
import { type ConversationRow, findConversation } from '../storage/conversations.js';
import { listMessages, type MessageRow } from '../storage/messages.js';
import { type CitationView, viewCitations } from './viewCitations.js';

/**
 * A conversation with its history, decided under the request's policy bundle. The caller reads their own; reading another user's needs
 * `conversation:read:any` for that conversation. Anything else is `conversation_not_found`
 * (404), exactly as a missing one, so that ids do not disclose existence. Every read is
 * audited (`conversation.read`; another user's conversation says so in `details.owner`), and
 * refused reads of an existing conversation are `access.denied` entries. The citations of
 * its answers, by message id, are as the reader may see them now (issue 7, `viewCitations`).
 */
export async function getConversation(
  deps: Pick<Deps, 'db' | 'secretBox' | 'clock'> & { bundle: PolicyBundle; audit: Auditor },
  actor: Actor,
  id: string,
): Promise<{
  conversation: ConversationRow;
  messages: MessageRow[];
  citations: Map<string, CitationView[]>;
}> {
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
  // Issue 6, display and export boundaries: the author (and roles pii.yaml names) see the
  // values behind placeholders; anyone else sees placeholders, and labels for kept values.
  const engine = piiEngineFor(bundle.pii);
  const viewer = {
    isAuthor: conversation.user_id === actor.userId,
    roles: effectiveRoles(bundle, subject),
  };
  const vault = new ConversationVault(
    { db: deps.db, box: deps.secretBox, now: () => deps.clock.now() },
    conversation.id,
  );
  const keys = operatorKeys(deps.secretBox);
  const scope = { userId: actor.userId, allUsers: mayReadAny };
  const messages = listMessages(deps.db, scope, id).map((m) => ({
    ...m,
    content: displayFor(engine, m.content, viewer, vault, keys),
  }));
  return { conversation, messages, citations: viewCitations(deps.db, bundle, actor, scope, id) };
}
