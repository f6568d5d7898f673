import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EntryError } from './errors.js';

// Raw secret key files kept OUTSIDE the audit database: the actor pseudonym key (pseudonym.ts)
// and the key-encryption key of subject keys (kek.ts). One set of rules for both, so neither can
// drift: 32 random bytes, created once with mode 0600 and O_EXCL, refused when a symbolic link,
// not a regular file, or accessible to group or others. POSIX only: Windows has no mode bits.

/** Which key a file holds: its size and the code for a missing or malformed file. */
export interface KeyFileKind {
  readonly size: number;
  readonly code: 'BAD_PSEUDONYM_KEY' | 'BAD_KEK';
}

/**
 * Reads a raw key file. Refuses (`KEY_FILE_INSECURE`) a symbolic link, anything that is not a
 * regular file, or a mode granting any access to group or others; refuses (`kind.code`) a
 * missing file or one of another size. The mode is checked on the open descriptor, so a file
 * swapped between check and read is not read.
 */
export function readKeyFile(path: string, kind: KeyFileKind): Buffer {
  let fd: number;
  try {
    // O_NOFOLLOW: a symbolic link could point anywhere an attacker chose.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new EntryError('KEY_FILE_INSECURE', `${path} is a symbolic link`, { cause: err });
    throw new EntryError(kind.code, `cannot open ${path}`, { cause: err });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new EntryError('KEY_FILE_INSECURE', `${path} is not a regular file`);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
      throw new EntryError(
        'KEY_FILE_INSECURE',
        `${path} has mode ${(st.mode & 0o777).toString(8)}; it must be 600 or stricter`,
      );
    if (st.size !== kind.size)
      throw new EntryError(kind.code, `${path} must hold exactly ${kind.size} bytes`);
    const key = Buffer.alloc(kind.size);
    if (readSync(fd, key, 0, kind.size, 0) !== kind.size)
      throw new EntryError(kind.code, `${path} was short`);
    return key;
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates a key file of `kind.size` random bytes with mode 0600 and returns the key. Refuses
 * (`kind.code`, with the `EEXIST` error as cause) to overwrite an existing file or link.
 */
export function createKeyFile(path: string, kind: KeyFileKind): Buffer {
  const key = randomBytes(kind.size);
  let fd: number;
  try {
    // 'wx' = O_CREAT | O_EXCL: never overwrites, and fails on any existing name, a dangling
    // symbolic link included. The mode applies at creation, so others never see the file open.
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    throw new EntryError(kind.code, `cannot create ${path}`, { cause: err });
  }
  try {
    if (writeSync(fd, key) !== kind.size) throw new EntryError(kind.code, `short write to ${path}`);
    // Durable before anything is encrypted under it: the audit database is synchronous=FULL, and
    // rows committed under a key that a power cut then loses could never be read again.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDirectory(dirname(path));
  return key;
}

/** Loads the key at `path`, creating it first when no file of that name exists. */
export function loadOrCreateKeyFile(path: string, kind: KeyFileKind): Buffer {
  try {
    return createKeyFile(path, kind);
  } catch (err) {
    const cause = (err as EntryError).cause as NodeJS.ErrnoException | undefined;
    if (cause?.code !== 'EEXIST') throw err;
    return readKeyFile(path, kind);
  }
}

// The new directory entry must be durable too, or the file may vanish in a crash (fsync(2)).
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
