import type { Db } from './db.js';

/** A local (break-glass) account's credentials. Sealed fields are opaque here. */
export interface LocalCredentialRow {
  user_id: string;
  /** argon2id PHC string. */
  password_hash: string;
  created_at: number;
  updated_at: number;
  /** Active TOTP state, sealed (see server/auth/local/totpState.ts). */
  totp_secret_enc: string | null;
  /** A TOTP secret awaiting its first valid code, sealed. */
  totp_pending_enc: string | null;
  mfa_enabled_at: number | null;
}

/** The credentials of a user, if it is a local account. */
export function getLocalCredential(db: Db, userId: string): LocalCredentialRow | undefined {
  return db.prepare('SELECT * FROM local_credentials WHERE user_id = ?').get(userId) as
    | LocalCredentialRow
    | undefined;
}

/** Creates the credentials of a new local account. */
export function insertLocalCredential(db: Db, userId: string, passwordHash: string, now: number): void {
  db.prepare(
    'INSERT INTO local_credentials (user_id, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?)',
  ).run(userId, passwordHash, now, now);
}

/**
 * Replaces the password hash. With `expected`, only if the stored hash is still that one
 * (a transparent re-hash must not undo a password change that happened meanwhile).
 */
export function updatePasswordHash(
  db: Db,
  userId: string,
  hash: string,
  now: number,
  expected?: string,
): boolean {
  const sql =
    expected === undefined
      ? 'UPDATE local_credentials SET password_hash = ?, updated_at = ? WHERE user_id = ?'
      : 'UPDATE local_credentials SET password_hash = ?, updated_at = ? WHERE user_id = ? AND password_hash = ?';
  const args = expected === undefined ? [hash, now, userId] : [hash, now, userId, expected];
  return db.prepare(sql).run(...args).changes === 1;
}

/** Stores (or replaces) the pending TOTP secret. */
export function setPendingTotp(db: Db, userId: string, sealed: string, now: number): void {
  db.prepare('UPDATE local_credentials SET totp_pending_enc = ?, updated_at = ? WHERE user_id = ?').run(
    sealed,
    now,
    userId,
  );
}

/** Makes the pending secret active: MFA is on from `now`. */
export function activateTotp(db: Db, userId: string, sealedState: string, now: number): void {
  db.prepare(
    `UPDATE local_credentials SET totp_secret_enc = ?, totp_pending_enc = NULL, mfa_enabled_at = ?, updated_at = ?
     WHERE user_id = ?`,
  ).run(sealedState, now, now, userId);
}

/**
 * Replaces the sealed active TOTP state (after a code was accepted), only if it is still
 * `expected`: of two sign-ins racing with the same code, only one wins.
 */
export function updateTotpState(db: Db, userId: string, sealedState: string, expected: string): boolean {
  return (
    db
      .prepare('UPDATE local_credentials SET totp_secret_enc = ? WHERE user_id = ? AND totp_secret_enc = ?')
      .run(sealedState, userId, expected).changes === 1
  );
}

/** The username of a local account by user id (for the authenticator label). */
export function getLocalAccountName(db: Db, userId: string): string | undefined {
  return (
    db
      .prepare('SELECT u.username FROM users u JOIN local_credentials c ON c.user_id = u.id WHERE u.id = ?')
      .get(userId) as { username: string } | undefined
  )?.username;
}

/** Turns MFA off (administrator reset after a lost authenticator); returns false if not a local account. */
export function clearTotp(db: Db, userId: string, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE local_credentials SET totp_secret_enc = NULL, totp_pending_enc = NULL, mfa_enabled_at = NULL,
         updated_at = ? WHERE user_id = ?`,
      )
      .run(now, userId).changes === 1
  );
}
