// Type only: erased at compile time, so audit/ keeps no runtime dependency on better-sqlite3.
import type Database from 'better-sqlite3';
import { EntryError } from './errors.js';

// GDPR Art. 17 erasure of a data subject's sealed personal details (personal.ts).
//
// What it does: overwrites the subject's wrapped key and salt (kek.ts) and every ciphertext/IV/tag
// with zeros, then
// sets them to NULL and marks the subject erased, in one transaction with `secure_delete = ON`
// (SQLite then zeroes freed cell space and pages instead of leaving old bytes behind); then
// `VACUUM` rebuilds the file, and in WAL mode `wal_checkpoint(TRUNCATE)` copies every frame into
// the main file and truncates the -wal file to zero bytes.
//
// The WAL caveat: in WAL mode, changed pages are appended to the -wal file and the OLD pages,
// with the wrapped key in them, stay in earlier frames until a checkpoint resets the log. A reader
// holding an old snapshot blocks that checkpoint; we then throw `ERASURE_INCOMPLETE` (the rows
// are already erased; call eraseSubject again, it is idempotent). With a rollback journal, the
// old pages pass through the -journal file, which is deleted (not overwritten) on commit.
// Erasure needs no KEK: it works even when the KEK file is lost. Destroying the wrapped key is what
// counts; the KEK stays, so a backup taken before the erasure can still be read by whoever holds
// it and the KEK (see kek.ts).
//
// Out of SQLite's reach, and so of this function: file-system blocks freed by a truncate or
// delete, SSD wear levelling, snapshots and backups. The appliance's full-disk encryption and the
// backup retention period cover those; see FORMAT.md §6.5.
//
// What stays: the entries, with the subject's actor pseudonym and the commitments. Pseudonymous
// data is still personal data (GDPR Recital 26), kept under Art. 17(3)(b)/(e) because the audit
// trail itself is a legal obligation (HIPAA 45 CFR 164.312(b), 164.316(b)(2): six years).

type Db = Database.Database;

/** What an erasure touched. */
export interface ErasureResult {
  /** Sealed rows of the subject that were cleared (0 for an unknown or already erased subject). */
  readonly rows: number;
  /** Whether the database is in WAL mode, and so whether a TRUNCATE checkpoint ran. */
  readonly wal: boolean;
}

/**
 * Erases `subject` (a 64-hex pseudonym): after it, `openPersonal` returns `'redacted'` for all of
 * the subject's earlier entries and the wrapped key and salt and the ciphertexts are gone from the database
 * file and its -wal file. Must not run inside a transaction (VACUUM cannot). The caller appends
 * a `subject.erased` entry naming the pseudonym.
 */
export function eraseSubject(db: Db, subject: string, options: { now?: number } = {}): ErasureResult {
  if (!/^[0-9a-f]{64}$/.test(subject))
    throw new EntryError('BAD_PERSONAL', 'subject must be a 64-hex pseudonym');
  if (db.inTransaction) throw new TypeError('eraseSubject cannot run inside a transaction (VACUUM)');
  const now = options.now ?? Date.now();
  db.pragma('secure_delete = ON');
  const rows = db.transaction(() => {
    // Overwrite first, then delete: even without secure_delete the old value's cell is replaced
    // in place by zeros of the same length before it is freed.
    const cleared = db
      .prepare(
        `UPDATE personal_details SET ciphertext = zeroblob(length(ciphertext)), iv = zeroblob(length(iv)),
           tag = zeroblob(length(tag)) WHERE subject_pseudonym = ? AND ciphertext IS NOT NULL`,
      )
      .run(subject).changes;
    db.prepare(
      'UPDATE personal_details SET ciphertext = NULL, iv = NULL, tag = NULL WHERE subject_pseudonym = ?',
    ).run(subject);
    db.prepare(
      `UPDATE subject_keys SET wrapped = zeroblob(length(wrapped))
         WHERE subject_pseudonym = ? AND wrapped IS NOT NULL`,
    ).run(subject);
    // A tombstone stays, so later reads say 'redacted' rather than 'never recorded'.
    db.prepare(
      `INSERT INTO subject_keys (subject_pseudonym, wrapped, erased_at) VALUES (?, NULL, ?)
       ON CONFLICT (subject_pseudonym) DO UPDATE
         SET wrapped = NULL, erased_at = coalesce(subject_keys.erased_at, excluded.erased_at)`,
    ).run(subject, now);
    return cleared;
  })();
  db.exec('VACUUM');
  const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  if (wal) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
    // busy = 1: a reader or writer blocked it, and old frames may still hold the erased bytes.
    if (result?.busy !== 0 || result.log !== 0)
      throw new EntryError('ERASURE_INCOMPLETE', 'the WAL checkpoint was blocked; retry eraseSubject');
  }
  return Object.freeze({ rows, wal });
}
