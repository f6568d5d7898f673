import type { Db } from './db.js';
import { prepared } from './statements.js';

/** Locally assigned roles of a user, sorted. */
export function listUserRoles(db: Db, userId: string): string[] {
  return (
    prepared(db, 'SELECT role FROM user_roles WHERE user_id = ? ORDER BY role').all(userId) as {
      role: string;
    }[]
  ).map((r) => r.role);
}

/** Assigns a role; returns false if the user already had it. */
export function grantUserRole(db: Db, userId: string, role: string, grantedBy: string, now: number): boolean {
  return (
    db
      .prepare(
        'INSERT INTO user_roles (user_id, role, granted_at, granted_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(userId, role, now, grantedBy).changes === 1
  );
}

/** Removes a role; returns false if the user did not have it. */
export function revokeUserRole(db: Db, userId: string, role: string): boolean {
  return db.prepare('DELETE FROM user_roles WHERE user_id = ? AND role = ?').run(userId, role).changes === 1;
}
