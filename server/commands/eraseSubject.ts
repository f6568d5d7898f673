import Database from 'better-sqlite3';
import { eraseSubject as eraseSealed } from '../../audit/entries/index.js';
import type { AuditService } from '../audit/open.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import { findUserByUsername } from '../storage/users.js';

/**
 * GDPR Art. 17 erasure of a person from the audit log: their sealed personal details (IP, user
 * agent, display name) are crypto-shredded; the entries, which hold only their pseudonym and
 * commitments, stay and still verify (Art. 17(3)(b): the audit trail is a legal obligation).
 * The request itself is recorded (`subject.erased`). Runs on its own connection: VACUUM and the
 * WAL truncation cannot share the store's.
 */
export async function eraseAuditSubject(
  deps: { db: Db; auditLog: Pick<AuditService, 'auditor' | 'dbFile'> },
  operator: Actor,
  username: string,
): Promise<{ rows: number }> {
  const user = findUserByUsername(deps.db, username);
  if (!user) throw new AppError('user_not_found', `No user ${username}.`);
  const conn = new Database(deps.auditLog.dbFile);
  let rows: number;
  try {
    conn.pragma('busy_timeout = 5000');
    rows = eraseSealed(conn, deps.auditLog.auditor.pseudonym(user.id)).rows;
  } finally {
    conn.close();
  }
  await deps.auditLog.auditor.record({
    action: 'subject.erased',
    actor: operator,
    object: { type: 'subject', id: user.id },
    details: { row_count: rows },
  });
  return { rows };
}
