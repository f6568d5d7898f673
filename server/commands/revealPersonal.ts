import Database from 'better-sqlite3';
import { openPersonal, type PersonalDetails } from '../../audit/entries/index.js';
import type { AuditService } from '../audit/open.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';

/**
 * Opens the sealed personal details of one entry for an investigation (who was at which
 * address). Opening them is itself activity: `audit.personal_read` is recorded before they are
 * shown. Erased subjects give `'redacted'`; an entry without details gives `null`.
 */
export async function revealPersonal(
  deps: { auditLog: Pick<AuditService, 'auditor' | 'store' | 'dbFile' | 'kek'> },
  operator: Actor,
  seq: number,
): Promise<PersonalDetails | 'redacted' | null> {
  const entry = deps.auditLog.store.get(seq);
  if (!entry) throw new AppError('not_found', `No audit entry ${seq}.`);
  let body: { personal?: string; actor?: string };
  try {
    body = JSON.parse(entry.body.toString('utf8'));
  } catch {
    throw new AppError('invalid_request', `Audit entry ${seq} is damaged; run parley audit verify.`);
  }
  const conn = new Database(deps.auditLog.dbFile, { readonly: true });
  let details: PersonalDetails | 'redacted' | null;
  try {
    details = openPersonal(conn, deps.auditLog.kek, seq, body.personal ? { commitment: body.personal } : {});
  } finally {
    conn.close();
  }
  if (details !== null) {
    await deps.auditLog.auditor.record({
      action: 'audit.personal_read',
      actor: operator,
      // The subject is named by the pseudonym the entry already carries.
      object: { type: 'subject', id: body.actor ?? 'unknown', pseudonymous: true },
      details: { entry_seq: seq, redacted: details === 'redacted' },
    });
  }
  return details;
}
