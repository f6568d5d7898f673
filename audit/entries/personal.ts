import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
// Type only: erased at compile time, so audit/ keeps no runtime dependency on better-sqlite3.
import type Database from 'better-sqlite3';
import { canonicalBytes } from '../jcs.js';
import {
  commitPersonal,
  type PersonalDetails,
  SALT_SIZE,
  validatePersonal,
  verifyCommitment,
} from './commitment.js';
import { EntryError } from './errors.js';

// Crypto-shredding for GDPR Art. 17. Each data subject gets a random AES-256-GCM key and a salt;
// their personal details are sealed under that key, one row per audit entry, and the entry
// carries only the salted commitment (commitment.ts). Erasure destroys the key, salt and
// ciphertext; the hash-chained entries are untouched and still verify.
// The subject key sits in the same database: this protects erasure, not confidentiality from
// someone holding the database file (who can read the rest of the log too).

type Db = Database.Database;

const HEX64 = /^[0-9a-f]{64}$/;
const KEY_SIZE = 32;
const IV_SIZE = 12; // NIST SP 800-38D §8.2.2: 96-bit random IVs; far below 2^32 rows per subject key
const TAG_SIZE = 16;
const AAD_DOMAIN = 'parley-audit-personal-v1';

/**
 * Creates the side tables and turns on `secure_delete` for this connection. `secure_delete`
 * is a per-connection setting: any other connection that may delete from these tables must
 * set it too (eraseSubject sets it on its own connection before erasing).
 */
export function applyPersonalSchema(db: Db): void {
  db.pragma('secure_delete = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS subject_keys (
      subject_pseudonym TEXT PRIMARY KEY,
      key BLOB,
      salt BLOB,
      erased_at INTEGER,
      CHECK ((erased_at IS NULL) = (key IS NOT NULL AND salt IS NOT NULL))
    ) STRICT;
    CREATE TABLE IF NOT EXISTS personal_details (
      entry_seq INTEGER PRIMARY KEY,
      subject_pseudonym TEXT NOT NULL REFERENCES subject_keys (subject_pseudonym),
      ciphertext BLOB,
      iv BLOB,
      tag BLOB
    ) STRICT;
    CREATE INDEX IF NOT EXISTS personal_details_subject ON personal_details (subject_pseudonym);
  `);
}

/** Phase one of sealing: the commitment to put in the entry, and `store` to call with its seq. */
export interface SealedPersonal {
  /** 64 lowercase hex, for the draft's `personal` field. */
  readonly commitment: string;
  /** Encrypts and stores the details for entry `seq` (once); call in the append's transaction. */
  store(seq: number): void;
}

/**
 * Seals `details` of `subject` (a 64-hex pseudonym). Two phases because the AAD binds the entry
 * seq, which only the store knows: `const s = sealPersonal(db, p, d); const { seq } = await
 * store.append({ ...draft, personal: s.commitment }); s.store(seq)`. The store group-commits
 * asynchronously, so the two cannot share a transaction: a crash in between leaves an entry whose
 * details are lost (`openPersonal` gives `null`); the log still verifies. `db` is a connection to
 * the audit database file (a second connection beside the store's is fine in WAL mode). A
 * subject erased earlier gets a fresh key; their earlier rows stay redacted.
 */
export function sealPersonal(db: Db, subject: string, details: PersonalDetails): SealedPersonal {
  if (!HEX64.test(subject)) throw new EntryError('BAD_PERSONAL', 'subject must be a 64-hex pseudonym');
  const clean = validatePersonal(details);
  const { key, salt } = subjectKey(db, subject);
  let stored = false;
  return Object.freeze({
    commitment: commitPersonal(salt, clean),
    store(seq: number): void {
      if (!Number.isSafeInteger(seq) || seq < 0)
        throw new TypeError('seq must be a non-negative safe integer');
      if (stored) throw new EntryError('BAD_PERSONAL', 'already stored');
      // Erasure between the two phases must win: never re-create data for an erased key.
      const now = db.prepare('SELECT key FROM subject_keys WHERE subject_pseudonym = ?').get(subject) as
        | { key: Buffer | null }
        | undefined;
      if (!now?.key || now.key.length !== KEY_SIZE || !timingSafeEqual(now.key, key))
        throw new EntryError('BAD_PERSONAL', 'the subject key changed since sealing');
      const iv = randomBytes(IV_SIZE);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_SIZE });
      cipher.setAAD(aad(seq, subject));
      const ciphertext = Buffer.concat([cipher.update(canonicalBytes(clean)), cipher.final()]);
      try {
        db.prepare(
          'INSERT INTO personal_details (entry_seq, subject_pseudonym, ciphertext, iv, tag) VALUES (?, ?, ?, ?, ?)',
        ).run(seq, subject, ciphertext, iv, cipher.getAuthTag());
      } catch (err) {
        throw new EntryError('BAD_PERSONAL', `cannot store personal details for entry ${seq}`, {
          cause: err,
        });
      }
      stored = true;
    },
  });
}

/**
 * Opens the personal details of entry `seq`: the details, `'redacted'` once the subject was
 * erased, or `null` when the entry has none. With `commitment` (the entry's `personal` field)
 * it also checks them against it (`COMMITMENT_MISMATCH`). A row altered, or moved to another
 * seq or subject, fails with `PERSONAL_TAMPERED`. Opening is itself activity: the caller
 * records `audit.personal_read`.
 */
export function openPersonal(
  db: Db,
  seq: number,
  options: { commitment?: string } = {},
): PersonalDetails | 'redacted' | null {
  const row = db
    .prepare(
      `SELECT p.subject_pseudonym AS subject, p.ciphertext, p.iv, p.tag, k.key, k.salt
         FROM personal_details p LEFT JOIN subject_keys k USING (subject_pseudonym) WHERE p.entry_seq = ?`,
    )
    .get(seq) as SealedRow | undefined;
  if (!row) return null;
  const { salt } = row;
  if (!row.ciphertext || !row.key || !salt) return 'redacted';
  let details: PersonalDetails;
  try {
    const decipher = createDecipheriv('aes-256-gcm', row.key, row.iv ?? Buffer.alloc(0), {
      authTagLength: TAG_SIZE,
    });
    decipher.setAAD(aad(seq, row.subject));
    decipher.setAuthTag(row.tag ?? Buffer.alloc(TAG_SIZE));
    const plain = Buffer.concat([decipher.update(row.ciphertext), decipher.final()]);
    details = validatePersonal(JSON.parse(plain.toString('utf8')));
  } catch (err) {
    throw new EntryError('PERSONAL_TAMPERED', `personal details of entry ${seq} failed authentication`, {
      cause: err,
    });
  }
  if (options.commitment !== undefined) verifyCommitment(options.commitment, salt, details);
  return details;
}

interface SealedRow {
  subject: string;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  tag: Buffer | null;
  key: Buffer | null;
  salt: Buffer | null;
}

// The AAD ties a ciphertext to its entry and subject, so rows cannot be swapped between entries.
function aad(seq: number, subject: string): Buffer {
  return canonicalBytes({ domain: AAD_DOMAIN, seq, subject });
}

function subjectKey(db: Db, subject: string): { key: Buffer; salt: Buffer } {
  const row = db.prepare('SELECT key, salt FROM subject_keys WHERE subject_pseudonym = ?').get(subject) as
    | { key: Buffer | null; salt: Buffer | null }
    | undefined;
  if (row?.key && row.salt) return { key: row.key, salt: row.salt };
  const fresh = { key: randomBytes(KEY_SIZE), salt: randomBytes(SALT_SIZE) };
  db.prepare(
    `INSERT INTO subject_keys (subject_pseudonym, key, salt, erased_at) VALUES (?, ?, ?, NULL)
     ON CONFLICT (subject_pseudonym) DO UPDATE SET key = excluded.key, salt = excluded.salt, erased_at = NULL`,
  ).run(subject, fresh.key, fresh.salt);
  return fresh;
}
