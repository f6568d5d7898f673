import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
// Type only: erased at compile time, so audit/ keeps no runtime dependency on better-sqlite3.
import type Database from 'better-sqlite3';
import { canonicalBytes } from '../jcs.js';
import { commitPersonal, type PersonalDetails, validatePersonal, verifyCommitment } from './commitment.js';
import { EntryError } from './errors.js';
import { copyKek, type SubjectSecrets, unwrapSubjectKey, WRAPPED_SIZE } from './kek.js';
import { assertKek, getOrCreateSubjectKey, prepare } from './subject-keys.js';

// Crypto-shredding for GDPR Art. 17. Each data subject gets a random AES-256-GCM key and a salt,
// stored only wrapped under a KEK kept outside the database (kek.ts says what that protects).
// Their personal details are sealed under that key, one row per audit entry, written in the same
// transaction as the entry (personalSideWrite), and the entry carries only the salted commitment
// (commitment.ts). Erasure (erase.ts) destroys the wrapped key and salt and the ciphertexts; the
// hash-chained entries are untouched and still verify.

type Db = Database.Database;

const HEX64 = /^[0-9a-f]{64}$/;
const IV_SIZE = 12; // NIST SP 800-38D §8.2.2: 96-bit random IVs; far below 2^32 rows per subject key
const TAG_SIZE = 16;
const AAD_DOMAIN = 'parley-audit-personal-v1';

const LAYOUT: Readonly<Record<string, readonly string[]>> = {
  personal_kek: ['id', 'check_value'],
  subject_keys: ['subject_pseudonym', 'wrapped', 'erased_at'],
  personal_details: ['entry_seq', 'subject_pseudonym', 'ciphertext', 'iv', 'tag'],
};

const DDL = `
  CREATE TABLE IF NOT EXISTS personal_kek (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    check_value BLOB NOT NULL CHECK (length(check_value) = 32)
  ) STRICT;
  CREATE TABLE IF NOT EXISTS subject_keys (
    subject_pseudonym TEXT PRIMARY KEY,
    wrapped BLOB CHECK (wrapped IS NULL OR length(wrapped) = ${WRAPPED_SIZE}),
    erased_at INTEGER,
    CHECK ((erased_at IS NULL) = (wrapped IS NOT NULL))
  ) STRICT;
  CREATE TABLE IF NOT EXISTS personal_details (
    entry_seq INTEGER PRIMARY KEY,
    subject_pseudonym TEXT NOT NULL REFERENCES subject_keys (subject_pseudonym),
    ciphertext BLOB,
    iv BLOB,
    tag BLOB
  ) STRICT;
  CREATE INDEX IF NOT EXISTS personal_details_subject ON personal_details (subject_pseudonym);`;

/**
 * Creates the side tables if missing and turns on `secure_delete` for this connection. Idempotent
 * and cheap once they exist (three `table_info` reads, no write). Run it once at startup on the
 * audit database file, e.g. on the store's connection before the first append: the tables then
 * exist for every connection. Throws `PERSONAL_SCHEMA` for tables of another layout, such as the
 * earlier one holding subject keys in clear (wrap or erase those by hand; nothing shipped it).
 * `secure_delete` is per connection; only erasure deletes, and eraseSubject sets it on its own.
 */
export function applyPersonalSchema(db: Db): void {
  db.pragma('secure_delete = ON');
  let missing = false;
  for (const [table, columns] of Object.entries(LAYOUT)) {
    const have = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    if (have.length === 0) missing = true;
    else if (have.join() !== columns.join())
      throw new EntryError(
        'PERSONAL_SCHEMA',
        `${table} has columns (${have.join(', ')}), not (${columns.join(', ')})`,
      );
  }
  if (!missing) return;
  if (db.inTransaction) db.exec(DDL);
  else db.transaction(() => db.exec(DDL)).immediate();
}

/**
 * Work for the audit store's append, done in the append's own write transaction (structurally the
 * store's `SideWrite`; declared here so audit/entries does not depend on audit/store).
 */
export interface PersonalSideWrite {
  /** Gets or creates the subject's key; returns the commitment to merge into the draft. */
  before(tx: Db): { personal: string };
  /** Encrypts and inserts the details row for the entry just inserted as `seq`. */
  after(tx: Db, seq: number): void;
}

/**
 * Seals `details` of `subject` (a 64-hex pseudonym) atomically with its entry: pass the result to
 * the store's `append(draft, side)`. `before(tx)` runs in the append's transaction, gets or creates
 * the subject's key (a subject erased earlier gets a fresh one) and returns `{ personal }`;
 * `after(tx, seq)` writes the row whose AAD binds seq and subject. Either both the entry and the
 * row commit or neither does. `kek` (copied now) must match the database's (`KEK_MISMATCH`). Bad
 * input throws here (`BAD_KEK`, `BAD_PERSONAL`) rather than inside the append. `before` may run
 * again (a retried transaction); `after` needs a `before` since the last `after`.
 */
export function personalSideWrite(
  kek: Uint8Array,
  subject: string,
  details: PersonalDetails,
): PersonalSideWrite {
  const k = copyKek(kek);
  if (!HEX64.test(subject)) throw new EntryError('BAD_PERSONAL', 'subject must be a 64-hex pseudonym');
  const clean = validatePersonal(details);
  let pending: SubjectSecrets | undefined;
  return Object.freeze({
    before(tx: Db): { personal: string } {
      inTransaction(tx);
      forget(pending);
      pending = undefined;
      pending = getOrCreateSubjectKey(tx, k, subject);
      return { personal: commitPersonal(pending.salt, clean) };
    },
    after(tx: Db, seq: number): void {
      inTransaction(tx);
      if (!Number.isSafeInteger(seq) || seq < 0)
        throw new TypeError('seq must be a non-negative safe integer');
      const secrets = pending;
      if (!secrets) throw new EntryError('BAD_PERSONAL', 'after() without a preceding before()');
      pending = undefined;
      // No re-check of the key: erasure runs on another connection and needs the write lock this
      // transaction holds, so the key cannot change between before() and after().
      try {
        const iv = randomBytes(IV_SIZE);
        const cipher = createCipheriv('aes-256-gcm', secrets.key, iv, { authTagLength: TAG_SIZE });
        cipher.setAAD(aad(seq, subject));
        const ciphertext = Buffer.concat([cipher.update(canonicalBytes(clean)), cipher.final()]);
        const insert = prepare(
          tx,
          'INSERT INTO personal_details (entry_seq, subject_pseudonym, ciphertext, iv, tag) VALUES (?, ?, ?, ?, ?)',
        );
        try {
          insert.run(seq, subject, ciphertext, iv, cipher.getAuthTag());
        } catch (err) {
          throw new EntryError('BAD_PERSONAL', `cannot store personal details for entry ${seq}`, {
            cause: err,
          });
        }
      } finally {
        forget(secrets);
      }
    },
  });
}

/**
 * Opens the personal details of entry `seq`: the details, `'redacted'` once the subject was
 * erased, or `null` when the entry has none. `KEK_MISMATCH` when `kek` is not the database's.
 * With `commitment` (the entry's `personal` field) it also checks them against it
 * (`COMMITMENT_MISMATCH`), and a missing row is `PERSONAL_TAMPERED` (rows are written with their
 * entry, so only a deletion loses one). A row or wrapped key altered, or moved to another seq or
 * subject, is `PERSONAL_TAMPERED`. Opening is itself activity: the caller records
 * `audit.personal_read`.
 */
export function openPersonal(
  db: Db,
  kek: Uint8Array,
  seq: number,
  options: { commitment?: string } = {},
): PersonalDetails | 'redacted' | null {
  assertKek(db, copyKek(kek), false);
  const row = prepare(
    db,
    `SELECT p.subject_pseudonym AS subject, p.ciphertext, p.iv, p.tag, k.wrapped
       FROM personal_details p LEFT JOIN subject_keys k USING (subject_pseudonym) WHERE p.entry_seq = ?`,
  ).get(seq) as SealedRow | undefined;
  if (!row) {
    if (options.commitment !== undefined)
      throw new EntryError('PERSONAL_TAMPERED', `entry ${seq} commits to personal details that are gone`);
    return null;
  }
  if (!row.ciphertext || !row.wrapped) return 'redacted';
  const secrets = unwrapSubjectKey(kek, row.subject, row.wrapped);
  let details: PersonalDetails;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secrets.key, row.iv ?? Buffer.alloc(0), {
      authTagLength: TAG_SIZE,
    });
    decipher.setAAD(aad(seq, row.subject));
    decipher.setAuthTag(row.tag ?? Buffer.alloc(TAG_SIZE));
    const plain = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]);
    details = validatePersonal(JSON.parse(plain.toString('utf8')));
  } catch (err) {
    forget(secrets);
    throw new EntryError('PERSONAL_TAMPERED', `personal details of entry ${seq} failed authentication`, {
      cause: err,
    });
  }
  try {
    if (options.commitment !== undefined) verifyCommitment(options.commitment, secrets.salt, details);
  } finally {
    forget(secrets);
  }
  return details;
}

interface SealedRow {
  subject: string;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  tag: Buffer | null;
  wrapped: Buffer | null;
}

// The AAD ties a ciphertext to its entry and subject, so rows cannot be swapped between entries.
function aad(seq: number, subject: string): Buffer {
  return canonicalBytes({ domain: AAD_DOMAIN, seq, subject });
}

// Atomicity depends on it: outside a transaction the entry and the row could commit apart.
function inTransaction(tx: Db): void {
  if (!tx.inTransaction) throw new TypeError('a personal side write must run inside the append transaction');
}

// Best effort: zeroes our copies of the clear key and salt (OpenSSL and the GC may hold others).
function forget(secrets: SubjectSecrets | undefined): void {
  secrets?.key.fill(0);
  secrets?.salt.fill(0);
}
