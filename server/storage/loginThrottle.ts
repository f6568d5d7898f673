import type { Db } from './db.js';

/** Failed sign-in bookkeeping for one key (`user:<id>`, `name:<sha256>` or `ip:<address>`). */
export interface LoginThrottleRow {
  key: string;
  failures: number;
  last_failure_at: number;
  next_allowed_at: number;
  locked_at: number | null;
}

/** The row for a key, if any failure was recorded. */
export function getLoginThrottle(db: Db, key: string): LoginThrottleRow | undefined {
  return db.prepare('SELECT * FROM login_throttle WHERE key = ?').get(key) as LoginThrottleRow | undefined;
}

/** Inserts or replaces the row for `row.key`. */
export function putLoginThrottle(db: Db, row: LoginThrottleRow): void {
  db.prepare(
    `INSERT INTO login_throttle (key, failures, last_failure_at, next_allowed_at, locked_at)
     VALUES (@key, @failures, @last_failure_at, @next_allowed_at, @locked_at)
     ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
       next_allowed_at = excluded.next_allowed_at, locked_at = excluded.locked_at`,
  ).run(row);
}

/** Forgets a key (successful sign-in, admin unlock); returns whether there was a row. */
export function deleteLoginThrottle(db: Db, key: string): boolean {
  return db.prepare('DELETE FROM login_throttle WHERE key = ?').run(key).changes === 1;
}

/**
 * Deletes rows that no longer matter: unlocked rows whose last failure is older than
 * `forgetBefore`, and locked rows locked before `lockExpiredBefore` (null: locks never
 * expire, they wait for an administrator). Returns how many rows went.
 */
export function pruneLoginThrottle(db: Db, forgetBefore: number, lockExpiredBefore: number | null): number {
  return db
    .prepare(
      `DELETE FROM login_throttle
       WHERE (locked_at IS NULL AND last_failure_at < @forgetBefore)
          OR (locked_at IS NOT NULL AND @lockExpiredBefore IS NOT NULL AND locked_at < @lockExpiredBefore)`,
    )
    .run({ forgetBefore, lockExpiredBefore }).changes;
}
