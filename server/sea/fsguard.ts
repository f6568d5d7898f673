import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import path from 'node:path';

// S_ISVTX; node:fs constants do not export it.
const STICKY = 0o1000;

/** Raised when the extraction directory cannot be made trustworthy; the start is refused. */
export class NativeIntegrityError extends Error {
  override name = 'NativeIntegrityError';
}

/** The effective user id, or undefined on platforms without one. */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Ancestors we do not own must not let another user replace what lies below them:
 * each must belong to root or to us, and be writable by group/others only when sticky
 * (like /tmp, where others cannot rename our entries).
 */
export function checkAncestors(dir: string, uid: number | undefined): void {
  let current = path.resolve(dir);
  // Walk up to the deepest existing ancestor, then resolve symlinks in what exists.
  while (lstatOrUndefined(current) === undefined) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  current = realpathSync(current);
  for (;;) {
    const st = statSync(current);
    if (uid !== undefined && st.uid !== 0 && st.uid !== uid) {
      throw new NativeIntegrityError(
        `${current} belongs to uid ${st.uid}; refusing to keep native files below it`,
      );
    }
    if ((st.mode & 0o022) !== 0 && (st.mode & STICKY) === 0) {
      throw new NativeIntegrityError(
        `${current} is writable by other users and not sticky; refusing to keep native files below it`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Creates `dir` (and missing parents) owner-only, then insists it is a real directory we
 * own. A directory of ours with loose permissions is tightened to 0700 (its files are all
 * re-verified anyway); a symlink or someone else's directory refuses the start.
 */
export function ensurePrivateDir(dir: string, uid: number | undefined): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new NativeIntegrityError(`${dir} is not a plain directory (symlink or file); refusing to use it`);
  }
  if (uid !== undefined && st.uid !== uid) {
    throw new NativeIntegrityError(`${dir} belongs to uid ${st.uid}, not ${uid}; refusing to use it`);
  }
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Why an on-disk file cannot be trusted, or undefined when it matches. */
export type FileVerdict =
  | undefined
  | 'missing'
  | 'not-regular'
  | 'foreign-owner'
  | 'linked'
  | 'loose-mode'
  | 'size'
  | 'hash';

/**
 * Checks one extracted file: a regular file (never followed through a symlink), ours,
 * with a single link (a hard link could be rewritten through another name), no
 * group/other permissions, the expected size, and the expected SHA-256. The checks run
 * on one open descriptor so the file cannot be swapped between them.
 */
export function verifyFile(
  file: string,
  expected: { sha256: string; size: number },
  uid: number | undefined,
): FileVerdict {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') return 'not-regular';
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not-regular';
    if (uid !== undefined && st.uid !== uid) return 'foreign-owner';
    if (st.nlink !== 1) return 'linked';
    if ((st.mode & 0o077) !== 0) return 'loose-mode';
    if (st.size !== expected.size) return 'size';
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      hash.update(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    if (total !== expected.size) return 'size';
    return hash.digest('hex') === expected.sha256 ? undefined : 'hash';
  } finally {
    closeSync(fd);
  }
}
