import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { type ConversationRow, insertConversation } from '../storage/conversations.js';

/** Starts an empty conversation owned by the actor, on the served chat model. */
export function createConversation(
  deps: Pick<Deps, 'db' | 'engine' | 'clock'>,
  actor: Actor,
  input: { title?: string },
): ConversationRow {
  return insertConversation(deps.db, actor, {
    id: `conv_${randomUUID()}`,
    title: input.title ?? null,
    model_id: deps.engine.chat.entry.id,
    created_at: deps.clock.now(),
  });
}
