import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { EntryError } from './errors.js';

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

/**
 * Reads a 32-byte raw key file. Refuses (`KEY_FILE_INSECURE`) anything that is not a regular
 * file, or whose mode grants any access to group or others; refuses (`BAD_PSEUDONYM_KEY`) a
 * missing file or one of another size. The mode is checked on the open descriptor, so a file
 * swapped between check and read is not read. POSIX only: Windows has no such mode bits.
 */
export function loadPseudonymKey(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: a symbolic link, which could point anywhere an attacker chose.
    if (code === 'ELOOP')
      throw new EntryError('KEY_FILE_INSECURE', `${path} is a symbolic link`, { cause: err });
    throw new EntryError('BAD_PSEUDONYM_KEY', `cannot open ${path}`, { cause: err });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new EntryError('KEY_FILE_INSECURE', `${path} is not a regular file`);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
      throw new EntryError(
        'KEY_FILE_INSECURE',
        `${path} has mode ${(st.mode & 0o777).toString(8)}; it must be 600 or stricter`,
      );
    if (st.size !== PSEUDONYM_KEY_SIZE)
      throw new EntryError('BAD_PSEUDONYM_KEY', `${path} must hold exactly ${PSEUDONYM_KEY_SIZE} bytes`);
    const key = Buffer.alloc(PSEUDONYM_KEY_SIZE);
    if (readSync(fd, key, 0, PSEUDONYM_KEY_SIZE, 0) !== PSEUDONYM_KEY_SIZE)
      throw new EntryError('BAD_PSEUDONYM_KEY', `${path} was short`);
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates a new key file of 32 random bytes with mode 0600 and returns the key. Refuses
 * (`BAD_PSEUDONYM_KEY`) to overwrite an existing file: replacing the key silently would make
 * every earlier pseudonym unlinkable to later ones. Put it outside the audit DB's directory
 * (e.g. with the server's other secrets), never in the database itself.
 */
export function generatePseudonymKey(path: string): Buffer {
  const key = randomBytes(PSEUDONYM_KEY_SIZE);
  try {
    // 'wx' = O_CREAT | O_EXCL; the mode applies at creation, so the file is never readable by others.
    writeFileSync(path, key, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    throw new EntryError('BAD_PSEUDONYM_KEY', `cannot create ${path}`, { cause: err });
  }
  return key;
}

/** Loads the key at `path`, creating it first when the file does not exist. */
export function loadOrCreatePseudonymKey(path: string): Buffer {
  try {
    return generatePseudonymKey(path);
  } catch (err) {
    const cause = (err as EntryError).cause as NodeJS.ErrnoException | undefined;
    if (cause?.code !== 'EEXIST') throw err;
    return loadPseudonymKey(path);
  }
}
