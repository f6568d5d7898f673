import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { requireCollection } from '../collections/access.js';
import type { Deps } from '../deps.js';
import type { PolicyBundle } from '../policy/index.js';
import { type ConversationRow, insertConversation } from '../storage/conversations.js';

/**
 * Starts an empty conversation owned by the actor, on the served chat model, optionally bound
 * to document collections (issue 7). Each must be readable by the actor under `bundle` now,
 * else `collection_not_found` (404, as for one that does not exist) and nothing is created.
 * Binding grants nothing: every question re-checks the grants.
 */
export function createConversation(
  deps: Pick<Deps, 'db' | 'engine' | 'clock'>,
  actor: Actor,
  input: { title?: string; collections?: readonly string[] },
  bundle: PolicyBundle,
): ConversationRow {
  const collections = [...new Set(input.collections ?? [])];
  for (const name of collections) requireCollection(bundle, actor, name, 'read');
  return insertConversation(deps.db, actor, {
    id: `conv_${randomUUID()}`,
    title: input.title ?? null,
    model_id: deps.engine.chat.entry.id,
    created_at: deps.clock.now(),
    collections,
  });
}
