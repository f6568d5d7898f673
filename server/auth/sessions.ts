import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import {
  findSessionByHash,
  insertSession,
  revokeSessionByHash,
  type SessionWithUser,
  touchSession,
} from '../storage/sessions.js';
import { listUserRoles } from '../storage/userRoles.js';
import type { Actor } from './actor.js';

/** What session handling needs. */
export interface SessionDeps {
  db: Db;
  clock: Clock;
  config: Config['auth']['sessions'];
}

/** A new session: the cookie value is shown to the browser once and stored only hashed. */
export interface NewSession {
  cookieValue: string;
  publicId: string;
  csrfToken: string;
  expiresAt: number;
}

// Writing last_seen_at on every request would cost a disk write per call; a quarter of a
// minute of slack is far below the 15-minute idle timeout it serves.
const TOUCH_EVERY_MS = 15_000;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * Starts a session for a user who just proved who they are. A fresh random id every time,
 * so an id planted before login (session fixation) is never promoted.
 */
export function createSession(deps: SessionDeps, userId: string, method: 'oidc' | 'local'): NewSession {
  const now = deps.clock.now();
  const cookieValue = randomBytes(32).toString('base64url');
  const session = {
    id_hash: sha256(cookieValue),
    public_id: `ses_${randomUUID()}`,
    user_id: userId,
    auth_method: method,
    csrf_token: randomBytes(32).toString('base64url'),
    created_at: now,
    last_seen_at: now,
    expires_at: now + deps.config.absoluteTimeoutMs,
  };
  insertSession(deps.db, session);
  return {
    cookieValue,
    publicId: session.public_id,
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at,
  };
}

/** A validated session and the actor it stands for. */
export interface ValidSession {
  actor: Actor;
  row: SessionWithUser;
}

/**
 * Validates a presented cookie value (attacker-controlled): unknown, revoked, idle-expired
 * and absolutely expired sessions are all refused; an expired one is ended server-side so it
 * cannot come back.
 */
export function validateSession(deps: SessionDeps, cookieValue: string): ValidSession {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) {
    throw new AppError('session_expired', 'Your session has ended; sign in again.');
  }
  const idHash = sha256(cookieValue);
  const row = findSessionByHash(deps.db, idHash);
  const now = deps.clock.now();
  if (!row || row.revoked_at !== null || row.user_disabled_at !== null) {
    throw new AppError('session_expired', 'Your session has ended; sign in again.');
  }
  const reason =
    now >= row.expires_at
      ? 'absolute_timeout'
      : now - row.last_seen_at >= deps.config.idleTimeoutMs
        ? 'idle_timeout'
        : undefined;
  if (reason) {
    revokeSessionByHash(deps.db, idHash, reason, now);
    throw new AppError('session_expired', 'Your session has ended; sign in again.');
  }
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) touchSession(deps.db, idHash, now);
  const actor: Actor = Object.freeze({
    kind: 'user',
    userId: row.user_id,
    username: row.username,
    via: 'session',
    sessionId: row.public_id,
    roles: Object.freeze(listUserRoles(deps.db, row.user_id)),
    groups: Object.freeze(JSON.parse(row.idp_groups) as string[]),
    attributes: Object.freeze(JSON.parse(row.idp_attributes) as Record<string, string | string[]>),
  });
  return { actor, row };
}

/** Ends the session behind a cookie value (logout). */
export function endSession(
  deps: Pick<SessionDeps, 'db' | 'clock'>,
  cookieValue: string,
  reason: string,
): boolean {
  return revokeSessionByHash(deps.db, sha256(cookieValue), reason, deps.clock.now());
}

/** Constant-time comparison of a presented CSRF token (attacker-controlled) with the session's. */
export function csrfTokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
