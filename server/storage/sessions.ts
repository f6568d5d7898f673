import type { Db } from './db.js';
import { prepared } from './statements.js';

/** A stored session (the cookie's secret is not here, only its SHA-256). */
export interface SessionRow {
  id_hash: string;
  public_id: string;
  user_id: string;
  auth_method: 'oidc' | 'local';
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

/** A session with what authentication needs of its user. */
export interface SessionWithUser extends SessionRow {
  username: string;
  user_disabled_at: number | null;
  idp_groups: string;
  idp_attributes: string;
}

/** Stores a new session. */
export function insertSession(db: Db, row: Omit<SessionRow, 'revoked_at' | 'revoked_reason'>): void {
  db.prepare(
    `INSERT INTO sessions (id_hash, public_id, user_id, auth_method, csrf_token, created_at, last_seen_at, expires_at)
     VALUES (@id_hash, @public_id, @user_id, @auth_method, @csrf_token, @created_at, @last_seen_at, @expires_at)`,
  ).run(row);
}

/** Finds a session by the SHA-256 of its cookie value, with its user. */
export function findSessionByHash(db: Db, idHash: string): SessionWithUser | undefined {
  return prepared(
    db,
    `SELECT s.*, u.username AS username, u.disabled_at AS user_disabled_at, u.idp_groups AS idp_groups,
            u.idp_attributes AS idp_attributes
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
  ).get(idHash) as SessionWithUser | undefined;
}

/** Records activity (for the idle timeout). */
export function touchSession(db: Db, idHash: string, now: number): void {
  db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(
    now,
    idHash,
  );
}

/** Ends one session by its cookie hash. */
export function revokeSessionByHash(db: Db, idHash: string, reason: string, now: number): boolean {
  return (
    db
      .prepare(
        'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id_hash = ? AND revoked_at IS NULL',
      )
      .run(now, reason, idHash).changes === 1
  );
}

/** Ends one session by its public id; returns its user id when one was live. */
export function revokeSessionByPublicId(db: Db, publicId: string, reason: string, now: number): boolean {
  return (
    db
      .prepare(
        'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE public_id = ? AND revoked_at IS NULL',
      )
      .run(now, reason, publicId).changes === 1
  );
}

/** Ends every live session of a user (password change, lock, admin action). */
export function revokeUserSessions(db: Db, userId: string, reason: string, now: number): number {
  return db
    .prepare(
      'UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
    )
    .run(now, reason, userId).changes;
}

/** Live sessions, newest first; optionally one user's. */
export function listLiveSessions(
  db: Db,
  now: number,
  username?: string,
): (SessionRow & { username: string })[] {
  const filter = username === undefined ? '' : 'AND u.username = ?';
  const stmt = db.prepare(
    `SELECT s.*, u.username AS username FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.revoked_at IS NULL AND s.expires_at > ? ${filter} ORDER BY s.created_at DESC, s.public_id`,
  );
  return (username === undefined ? stmt.all(now) : stmt.all(now, username)) as (SessionRow & {
    username: string;
  })[];
}
