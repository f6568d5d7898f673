import type { Actor } from '../auth/actor.js';
import { endSession } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { SecurityEvents } from '../observability/securityEvents.js';
import type { Db } from '../storage/db.js';
import {
  listLiveSessions,
  revokeSessionByPublicId,
  revokeUserSessions,
  type SessionRow,
} from '../storage/sessions.js';
import { findUserByUsername } from '../storage/users.js';

/** What the session commands need. */
export interface SessionCommandDeps {
  db: Db;
  clock: Clock;
  events: SecurityEvents;
}

/** Signs the actor out: the session ends server-side at once. */
export function logout(deps: SessionCommandDeps, actor: Actor, cookieValue: string): void {
  if (endSession(deps, cookieValue, 'logout')) {
    deps.events.emit({ type: 'logout', actorId: actor.userId, method: 'session' });
  }
}

/** Live sessions (an administrator's view), optionally one user's. */
export function listSessions(
  deps: Pick<SessionCommandDeps, 'db' | 'clock'>,
  _operator: Actor,
  username?: string,
): (SessionRow & { username: string })[] {
  return listLiveSessions(deps.db, deps.clock.now(), username);
}

/** Ends one session by its public id (admin revocation); unknown ids are `not_found`. */
export function revokeSession(deps: SessionCommandDeps, operator: Actor, publicId: string): void {
  if (!revokeSessionByPublicId(deps.db, publicId, 'revoked_by_admin', deps.clock.now())) {
    throw new AppError('not_found', `No live session ${publicId}.`);
  }
  deps.events.emit({ type: 'session_revoked', actorId: operator.userId, detail: publicId });
}

/** Ends every live session of a user. */
export function revokeSessionsOfUser(deps: SessionCommandDeps, operator: Actor, username: string): number {
  const user = findUserByUsername(deps.db, username);
  if (!user) throw new AppError('user_not_found', `No user ${username}.`);
  const count = revokeUserSessions(deps.db, user.id, 'revoked_by_admin', deps.clock.now());
  deps.events.emit({
    type: 'session_revoked',
    actorId: operator.userId,
    detail: `all sessions of ${user.id}`,
  });
  return count;
}
