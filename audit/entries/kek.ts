import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { canonicalBytes } from '../jcs.js';
import { SALT_SIZE } from './commitment.js';
import { EntryError } from './errors.js';
import { createKeyFile, type KeyFileKind, loadOrCreateKeyFile, readKeyFile } from './key-file.js';

// The key-encryption key (KEK) of the personal-data side tables (personal.ts). Each subject's
// AES-256-GCM key AND salt are stored only wrapped under it; the KEK itself is a 32-byte file
// outside the audit database (rules in key-file.ts).
//
// What this protects: a copy of the audit database alone (a stolen or mis-shared backup, the file
// handed to an auditor, pages left in the -wal after a rolled-back transaction) reveals no
// personal details, no subject key and no salt. The salt is wrapped too, not only the key: the
// entry's commitment is SHA-256(salt ‖ details), and with the salt in clear a guessable detail
// such as an IPv4 address (2^32 values) could be recovered from the commitment by brute force.
// This holds only while the KEK file is kept off the database's backups (another volume, the
// server's secrets store).
// What it does not protect: anyone holding both the database and the KEK (root on the running
// appliance, or a backup holding both) reads everything, including, from a backup taken before an
// erasure, the details of a since-erased subject (GDPR Art. 17 erasure cannot reach backups;
// their retention period bounds that). It does nothing for integrity either: whoever can write
// the file can delete rows (detected by openPersonal given the commitment) or wreck keys (the
// details become unreadable, never forged: GCM authenticates them). Losing the KEK loses every
// subject's details, as if all were erased; the entries still verify.
//
// Why AES-256-GCM and not AES key wrap (RFC 3394 / NIST SP 800-38F KW): KW takes no associated
// data, so binding a wrapped key to its subject would need a per-subject KEK derived on the side;
// GCM binds the pseudonym as AAD directly (a wrapped row copied to another subject fails), is the
// primitive the details already use (one construction to review), and one authenticated blob
// carries key and salt together. Random 96-bit IVs (NIST SP 800-38D §8.2.2) are safe here: one
// wrap per subject (again after an erasure), far below the 2^32 invocations §8.3 allows per key.
// The KEK is never used directly: HKDF-SHA256 (RFC 5869) derives a wrapping key and, separately, a
// check value stored in the database, so a wrong KEK is told apart from a tampered row
// (`KEK_MISMATCH` vs `PERSONAL_TAMPERED`) and the check value reveals nothing of the wrapping key.

/** KEK length in bytes. */
export const KEK_SIZE = 32;
/** A subject's AES-256-GCM key, in bytes. */
export const SUBJECT_KEY_SIZE = 32;
const IV_SIZE = 12;
const TAG_SIZE = 16;
/** Length of a wrapped subject key: IV ‖ GCM(key ‖ salt) ‖ tag. */
export const WRAPPED_SIZE = IV_SIZE + SUBJECT_KEY_SIZE + SALT_SIZE + TAG_SIZE;

const WRAP_INFO = 'parley-audit-kek-wrap-v1';
const CHECK_INFO = 'parley-audit-kek-check-v1';
const WRAP_DOMAIN = 'parley-audit-subject-key-v1';
const KIND: KeyFileKind = { size: KEK_SIZE, code: 'BAD_KEK' };

/** A subject's secrets, in clear: only ever in memory. */
export interface SubjectSecrets {
  /** AES-256-GCM key of the subject's personal-details rows. */
  readonly key: Buffer;
  /** Salt of the subject's commitments (commitment.ts). */
  readonly salt: Buffer;
}

/**
 * Loads the KEK file at `path`, creating 32 random bytes there (mode 0600, `O_EXCL`) the first
 * time. Refuses (`KEY_FILE_INSECURE`) a symbolic link, a non-regular file or a mode open to group
 * or others; (`BAD_KEK`) a file of another size. Keep it off the audit database's volume or at
 * least out of its backups: beside the database it protects nothing.
 */
export function loadOrCreateSubjectKek(path: string): Buffer {
  return loadOrCreateKeyFile(path, KIND);
}

/** Loads an existing KEK file; refuses as `loadOrCreateSubjectKek` does, and a missing file (`BAD_KEK`). */
export function loadSubjectKek(path: string): Buffer {
  return readKeyFile(path, KIND);
}

/** Creates a new KEK file (mode 0600); refuses (`BAD_KEK`) to overwrite an existing one. */
export function generateSubjectKek(path: string): Buffer {
  return createKeyFile(path, KIND);
}

/** Checks a KEK's length (`BAD_KEK`) and returns a private copy the caller cannot change later. */
export function copyKek(kek: Uint8Array): Buffer {
  if (!(kek instanceof Uint8Array) || kek.length !== KEK_SIZE)
    throw new EntryError('BAD_KEK', `the KEK must be ${KEK_SIZE} bytes`);
  return Buffer.from(kek);
}

/** The value stored in the database to recognise the KEK: HKDF-SHA256(KEK, "", CHECK_INFO, 32). */
export function kekCheckValue(kek: Uint8Array): Buffer {
  return derive(kek, CHECK_INFO);
}

/** Wraps a subject's key and salt under `kek`, bound to `subject` (AAD). */
export function wrapSubjectKey(kek: Uint8Array, subject: string, secrets: SubjectSecrets): Buffer {
  if (secrets.key.length !== SUBJECT_KEY_SIZE || secrets.salt.length !== SALT_SIZE)
    throw new EntryError('BAD_PERSONAL', 'a subject key and salt must be 32 bytes each');
  const iv = randomBytes(IV_SIZE);
  const cipher = createCipheriv('aes-256-gcm', derive(kek, WRAP_INFO), iv, { authTagLength: TAG_SIZE });
  cipher.setAAD(wrapAad(subject));
  const body = Buffer.concat([cipher.update(secrets.key), cipher.update(secrets.salt), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/**
 * Unwraps a subject's key and salt. Throws `PERSONAL_TAMPERED` when the blob fails
 * authentication: altered, wrapped for another subject, or under another KEK (callers check the
 * KEK against the database first, so that case surfaces as `KEK_MISMATCH`). Never returns
 * unauthenticated bytes.
 */
export function unwrapSubjectKey(kek: Uint8Array, subject: string, wrapped: Uint8Array): SubjectSecrets {
  const wrapKey = derive(kek, WRAP_INFO);
  if (wrapped.length !== WRAPPED_SIZE)
    throw new EntryError('PERSONAL_TAMPERED', `the wrapped key of ${subject} has the wrong length`);
  const buf = Buffer.from(wrapped);
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrapKey, buf.subarray(0, IV_SIZE), {
      authTagLength: TAG_SIZE,
    });
    decipher.setAAD(wrapAad(subject));
    decipher.setAuthTag(buf.subarray(WRAPPED_SIZE - TAG_SIZE));
    const plain = Buffer.concat([
      decipher.update(buf.subarray(IV_SIZE, WRAPPED_SIZE - TAG_SIZE)),
      decipher.final(),
    ]);
    return { key: plain.subarray(0, SUBJECT_KEY_SIZE), salt: plain.subarray(SUBJECT_KEY_SIZE) };
  } catch (err) {
    throw new EntryError('PERSONAL_TAMPERED', `the wrapped key of ${subject} failed authentication`, {
      cause: err,
    });
  }
}

// RFC 5869 with an empty salt: the KEK is already uniformly random (§3.1 allows it); `info`
// separates the two uses, so the wrapping key and the stored check value are independent.
function derive(kek: Uint8Array, info: string): Buffer {
  const k = copyKek(kek);
  return Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), info, 32));
}

// Binds a wrapped key to its subject: a row copied to another pseudonym fails authentication.
function wrapAad(subject: string): Buffer {
  return canonicalBytes({ domain: WRAP_DOMAIN, subject });
}
