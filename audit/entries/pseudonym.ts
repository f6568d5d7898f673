import { createHmac } from 'node:crypto';
import { EntryError } from './errors.js';
import { createKeyFile, type KeyFileKind, loadOrCreateKeyFile, readKeyFile } from './key-file.js';

// Actors are recorded as keyed pseudonyms (GDPR Art. 4(5)): HMAC-SHA256 of the user id under a
// key kept OUTSIDE the audit database. Whoever holds the key can re-identify an actor by
// recomputing the HMAC of candidate user ids; that is the point. An investigator given the
// key can tie entries to people (HIPAA 45 CFR 164.312(b) "examine activity"), while a copy of
// the audit DB alone cannot, and a raw id, email or name never enters the append-only log,
// where GDPR Art. 17 erasure could not reach it. Guard the key like any credential; losing it
// means actors can no longer be re-identified (the log still verifies).

/** Domain separation: these HMACs cannot be confused with any other use of the same key. */
export const ACTOR_DOMAIN = 'parley-audit-actor-v1';
/** Key length in bytes. */
export const PSEUDONYM_KEY_SIZE = 32;

/**
 * The pseudonym of `userId`: lowercase hex of HMAC-SHA256(key, ACTOR_DOMAIN ‖ 0x00 ‖ UTF-8(userId)).
 * Stable for one key, unrelated across keys. Throws `BAD_PSEUDONYM_KEY` for a key that is not
 * 32 bytes and `TypeError` for an empty user id.
 */
export function pseudonymize(key: Uint8Array, userId: string): string {
  if (!(key instanceof Uint8Array) || key.length !== PSEUDONYM_KEY_SIZE)
    throw new EntryError('BAD_PSEUDONYM_KEY', `the pseudonym key must be ${PSEUDONYM_KEY_SIZE} bytes`);
  if (typeof userId !== 'string' || userId.length === 0)
    throw new TypeError('userId must be a non-empty string');
  // The 0x00 separator cannot occur in the domain, so (domain, id) pairs never collide.
  return createHmac('sha256', key).update(ACTOR_DOMAIN).update('\0').update(userId, 'utf8').digest('hex');
}

const KIND: KeyFileKind = { size: PSEUDONYM_KEY_SIZE, code: 'BAD_PSEUDONYM_KEY' };

/**
 * Reads a 32-byte raw key file. Refuses (`KEY_FILE_INSECURE`) a symbolic link, anything that is
 * not a regular file, or a mode granting any access to group or others; refuses
 * (`BAD_PSEUDONYM_KEY`) a missing file or one of another size (rules in key-file.ts).
 */
export function loadPseudonymKey(path: string): Buffer {
  return readKeyFile(path, KIND);
}

/**
 * Creates a new key file of 32 random bytes with mode 0600 and returns the key. Refuses
 * (`BAD_PSEUDONYM_KEY`) to overwrite an existing file: replacing the key silently would make
 * every earlier pseudonym unlinkable to later ones. Put it outside the audit DB's directory
 * (e.g. with the server's other secrets), never in the database itself.
 */
export function generatePseudonymKey(path: string): Buffer {
  return createKeyFile(path, KIND);
}

/** Loads the key at `path`, creating it first when the file does not exist. */
export function loadOrCreatePseudonymKey(path: string): Buffer {
  return loadOrCreateKeyFile(path, KIND);
}
