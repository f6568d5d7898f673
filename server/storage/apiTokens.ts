import type { Db } from './db.js';
import { prepared } from './statements.js';

/** A stored API token (its hash only). */
export interface ApiTokenRow {
  id: string;
  user_id: string;
  token_hash: string;
  label: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** A token joined with its owner, as authentication needs it. */
export interface ApiTokenWithUser extends ApiTokenRow {
  username: string;
  user_disabled_at: number | null;
  /** The owner's IdP groups and attributes as of their last sign-in (JSON). */
  idp_groups: string;
  idp_attributes: string;
}

/** Stores a new token hash. */
export function insertApiToken(
  db: Db,
  row: Pick<ApiTokenRow, 'id' | 'user_id' | 'token_hash' | 'label' | 'created_at' | 'expires_at'>,
): void {
  db.prepare(
    `INSERT INTO api_tokens (id, user_id, token_hash, label, created_at, expires_at)
     VALUES (@id, @user_id, @token_hash, @label, @created_at, @expires_at)`,
  ).run(row);
}

/** Finds a token by the SHA-256 of its secret, with its owner. */
export function findApiTokenByHash(db: Db, tokenHash: string): ApiTokenWithUser | undefined {
  return prepared(
    db,
    `SELECT t.*, u.username AS username, u.disabled_at AS user_disabled_at, u.idp_groups AS idp_groups,
            u.idp_attributes AS idp_attributes
     FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
  ).get(tokenHash) as ApiTokenWithUser | undefined;
}

/** Records use, at most once a minute per token to spare the disk. */
export function touchApiToken(db: Db, id: string, now: number): void {
  prepared(
    db,
    'UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
  ).run(now, id, now - 60_000);
}

/** Marks a token revoked; returns false when no live token has that id. */
export function revokeApiToken(db: Db, id: string, now: number): boolean {
  return (
    db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id)
      .changes === 1
  );
}

/** Tokens with their owners' names, newest first; optionally one user's. */
export function listApiTokens(db: Db, username?: string): (ApiTokenRow & { username: string })[] {
  const sql = `SELECT t.*, u.username AS username FROM api_tokens t JOIN users u ON u.id = t.user_id
    ${username === undefined ? '' : 'WHERE u.username = ?'} ORDER BY t.created_at DESC, t.id`;
  const stmt = db.prepare(sql);
  return (username === undefined ? stmt.all() : stmt.all(username)) as (ApiTokenRow & { username: string })[];
}
