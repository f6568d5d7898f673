import type { Actor } from '../auth/actor.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import {
  type ConversationRow,
  findConversation,
  listConversations as query,
} from '../storage/conversations.js';

/** One page of the actor's own conversations, newest activity first. */
export function listConversations(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: { limit: number; after?: string },
): { items: ConversationRow[]; nextCursor: string | null } {
  let before: { updatedAt: number; id: string } | undefined;
  if (input.after) {
    // The cursor is a conversation id; it must be one of the actor's own.
    const anchor = findConversation(deps.db, actor, input.after);
    if (!anchor) throw new AppError('invalid_request', 'Unknown cursor', { details: { param: 'after' } });
    before = { updatedAt: anchor.updated_at, id: anchor.id };
  }
  const rows = query(deps.db, actor, { limit: input.limit + 1, before });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}
