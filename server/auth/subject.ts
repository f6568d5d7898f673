import type { Subject } from '../policy/types.js';
import type { Actor } from './actor.js';

/** The policy engine's view of an actor. */
export function subjectOf(actor: Actor): Subject {
  return {
    id: actor.userId,
    username: actor.username,
    groups: actor.groups ?? [],
    roles: actor.roles ?? [],
    attributes: actor.attributes ?? {},
  };
}
