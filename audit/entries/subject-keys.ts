import { randomBytes, timingSafeEqual } from 'node:crypto';
// Type only: erased at compile time, so audit/ keeps no runtime dependency on better-sqlite3.
import type Database from 'better-sqlite3';
import { SALT_SIZE } from './commitment.js';
import { EntryError } from './errors.js';
import {
  kekCheckValue,
  SUBJECT_KEY_SIZE,
  type SubjectSecrets,
  unwrapSubjectKey,
  wrapSubjectKey,
} from './kek.js';

// The subject_keys and personal_kek rows (schema in personal.ts): which KEK this database's keys
// are wrapped under, and each subject's wrapped key and salt. Internal to audit/entries.

type Db = Database.Database;

/**
 * Checks `kek` against the database's check value: `KEK_MISMATCH` when it differs. With no check
 * value yet and `create`, records this KEK's (in the caller's transaction, together with the first
 * wrapped key); a missing check value beside existing wrapped keys means the row was deleted
 * (`PERSONAL_TAMPERED`), and then another KEK must not be adopted silently.
 */
export function assertKek(db: Db, kek: Uint8Array, create: boolean): void {
  const check = kekCheckValue(kek);
  const row = prepare(db, 'SELECT check_value FROM personal_kek WHERE id = 1').get() as
    | { check_value: Buffer }
    | undefined;
  if (row) {
    if (row.check_value.length !== check.length || !timingSafeEqual(row.check_value, check))
      throw new EntryError('KEK_MISMATCH', 'this KEK is not the one the subject keys are wrapped under');
    return;
  }
  if (!create) return;
  if (prepare(db, 'SELECT 1 FROM subject_keys WHERE wrapped IS NOT NULL LIMIT 1').get())
    throw new EntryError('PERSONAL_TAMPERED', 'the KEK check value is gone but wrapped keys remain');
  prepare(db, 'INSERT INTO personal_kek (id, check_value) VALUES (1, ?)').run(check);
}

/**
 * The subject's key and salt, unwrapped; a fresh pair, wrapped and stored, when the subject has
 * none or was erased (their earlier rows stay redacted). Must run inside the write transaction
 * that also stores the details, so a key is never created for nothing or lost.
 */
export function getOrCreateSubjectKey(db: Db, kek: Uint8Array, subject: string): SubjectSecrets {
  assertKek(db, kek, true);
  const row = prepare(db, 'SELECT wrapped FROM subject_keys WHERE subject_pseudonym = ?').get(subject) as
    | { wrapped: Buffer | null }
    | undefined;
  // A row that fails to unwrap throws: silently re-keying would hide tampering and orphan the
  // subject's earlier details.
  if (row?.wrapped) return unwrapSubjectKey(kek, subject, row.wrapped);
  const fresh = { key: randomBytes(SUBJECT_KEY_SIZE), salt: randomBytes(SALT_SIZE) };
  prepare(
    db,
    `INSERT INTO subject_keys (subject_pseudonym, wrapped, erased_at) VALUES (?, ?, NULL)
     ON CONFLICT (subject_pseudonym) DO UPDATE SET wrapped = excluded.wrapped, erased_at = NULL`,
  ).run(subject, wrapSubjectKey(kek, subject, fresh));
  return fresh;
}

/** Prepares `sql`, turning a missing table into `PERSONAL_SCHEMA` (applyPersonalSchema not run). */
export function prepare(db: Db, sql: string): Database.Statement {
  try {
    return db.prepare(sql);
  } catch (err) {
    if (/no such (table|column)/.test(String((err as Error).message)))
      throw new EntryError(
        'PERSONAL_SCHEMA',
        'the personal-data tables are missing: run applyPersonalSchema',
        {
          cause: err,
        },
      );
    throw err;
  }
}
