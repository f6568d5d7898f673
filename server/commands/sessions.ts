import type { Auditor } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import { endSession } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
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
  audit: Auditor;
}

/** Signs the actor out: the session ends server-side at once. */
export async function logout(deps: SessionCommandDeps, actor: Actor, cookieValue: string): Promise<void> {
  if (endSession(deps, cookieValue, 'logout')) {
    await deps.audit.record({
      action: 'auth.logout',
      actor,
      object: { type: 'session', id: actor.sessionId ?? 'unknown' },
    });
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
export async function revokeSession(
  deps: SessionCommandDeps,
  operator: Actor,
  publicId: string,
): Promise<void> {
  if (!revokeSessionByPublicId(deps.db, publicId, 'revoked_by_admin', deps.clock.now())) {
    throw new AppError('not_found', `No live session ${publicId}.`);
  }
  await deps.audit.record({
    action: 'session.revoked',
    actor: operator,
    object: { type: 'session', id: publicId },
  });
}

/** Ends every live session of a user. */
export async function revokeSessionsOfUser(
  deps: SessionCommandDeps,
  operator: Actor,
  username: string,
): Promise<number> {
  const user = findUserByUsername(deps.db, username);
  if (!user) throw new AppError('user_not_found', `No user ${username}.`);
  const count = revokeUserSessions(deps.db, user.id, 'revoked_by_admin', deps.clock.now());
  await deps.audit.record({
    action: 'session.revoked',
    actor: operator,
    object: { type: 'user', id: user.id },
    details: { session_count: count },
  });
  return count;
}
