import type { Db } from './db.js';

/** Replaces all recovery codes of a user with new ones (given as SHA-256 hex). */
export function replaceRecoveryCodes(db: Db, userId: string, codeHashes: readonly string[]): void {
  db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
  const insert = db.prepare('INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, NULL)');
  for (const hash of codeHashes) insert.run(userId, hash);
}

/**
 * Marks an unused code as used; false when there is no such code or it was already used.
 * One statement, so two concurrent sign-ins cannot both spend the same code.
 */
export function consumeRecoveryCode(db: Db, userId: string, codeHash: string, now: number): boolean {
  return (
    db
      .prepare(
        'UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
      )
      .run(now, userId, codeHash).changes === 1
  );
}

/** How many unused codes a user has left. */
export function countUnusedRecoveryCodes(db: Db, userId: string): number {
  return (
    db
      .prepare('SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL')
      .get(userId) as {
      n: number;
    }
  ).n;
}
