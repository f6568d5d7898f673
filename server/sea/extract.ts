import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  checkAncestors,
  currentUid,
  ensurePrivateDir,
  type FileVerdict,
  NativeIntegrityError,
  verifyFile,
} from './fsguard.js';
import { type Manifest, type ManifestEntry, manifestId, validateManifest } from './manifest.js';

export { NativeIntegrityError } from './fsguard.js';

/** Returns the decoded bytes of an embedded asset (inside the SEA: `node:sea` + brotli). */
export type AssetReader = (entry: ManifestEntry) => Buffer;

/** Inputs of {@link ensureExtracted}. */
export interface ExtractOptions {
  /** Directory that holds one subdirectory per build (see {@link resolveNativeBaseDir}). */
  baseDir: string;
  manifest: Manifest;
  readAsset: AssetReader;
  /** Owner every directory and file must have; defaults to the effective uid. */
  uid?: number | undefined;
}

/** What {@link ensureExtracted} did. */
export interface ExtractResult {
  /** Private directory holding exactly the manifest's files, all verified. */
  root: string;
  /** Files written this time, with the reason the previous copy was not trusted. */
  written: { name: string; reason: Exclude<FileVerdict, undefined> }[];
}

/**
 * Where native files go: `$PARLEY_NATIVE_DIR` when set, else
 * `$XDG_CACHE_HOME/parley/native`, else `~/.cache/parley/native`. Relative settings are
 * ignored (XDG says so, and a relative path would follow the working directory).
 */
export function resolveNativeBaseDir(env: NodeJS.ProcessEnv, homedir: string): string {
  const explicit = env.PARLEY_NATIVE_DIR;
  if (explicit && path.isAbsolute(explicit)) return explicit;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'parley', 'native');
  if (!homedir || !path.isAbsolute(homedir)) {
    throw new NativeIntegrityError(
      'no home directory: set PARLEY_NATIVE_DIR to an absolute, private directory',
    );
  }
  return path.join(homedir, '.cache', 'parley', 'native');
}

/**
 * Makes `<baseDir>/<manifest id>/` hold every manifest file with the right bytes, then
 * verifies each one by SHA-256. Untrusted copies (missing, wrong hash, wrong size, loose
 * mode, foreign owner, hard-linked, symlink or not a regular file) are replaced through a
 * fresh owner-only temporary file and an atomic rename, so concurrent first starts are
 * safe. Throws {@link NativeIntegrityError} when a file still fails after rewriting or a
 * directory cannot be trusted: nothing unverified is ever returned.
 */
export function ensureExtracted(options: ExtractOptions): ExtractResult {
  const { manifest, readAsset } = options;
  const uid = options.uid ?? currentUid();
  validateManifest(manifest);
  const baseDir = path.resolve(options.baseDir);
  checkAncestors(path.dirname(baseDir), uid);
  ensurePrivateDir(baseDir, uid);
  const root = path.join(baseDir, manifestId(manifest));
  ensurePrivateDir(root, uid);

  const written: ExtractResult['written'] = [];
  const madeDirs = new Set<string>([root]);
  for (const entry of manifest.files) {
    const target = path.join(root, ...entry.name.split('/'));
    ensureParents(root, path.dirname(target), uid, madeDirs);
    const verdict = verifyFile(target, entry, uid);
    if (verdict === undefined) continue;
    replaceFile(target, entry, readAsset);
    written.push({ name: entry.name, reason: verdict });
    const after = verifyFile(target, entry, uid);
    if (after !== undefined) {
      throw new NativeIntegrityError(
        `${target} failed verification (${after}) right after it was written; refusing to start`,
      );
    }
  }
  return { root, written };
}

// Every directory between the root and a file is ours and private, checked once per run.
function ensureParents(root: string, dir: string, uid: number | undefined, made: Set<string>): void {
  if (made.has(dir)) return;
  ensureParents(root, path.dirname(dir), uid, made);
  ensurePrivateDir(dir, uid);
  made.add(dir);
}

function replaceFile(target: string, entry: ManifestEntry, readAsset: AssetReader): void {
  const bytes = readAsset(entry);
  // The embedded copy is checked too: a damaged executable must not plant a bad file.
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== entry.size || digest !== entry.sha256) {
    throw new NativeIntegrityError(
      `embedded asset ${entry.name} does not match its manifest; the executable is damaged`,
    );
  }
  removeAnything(target);
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  // 'wx' = O_CREAT|O_EXCL: never writes through a planted file or symlink.
  const fd = openSync(tmp, 'wx', entry.mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, target);
}

// Whatever sits at the target path (a stale file, a symlink, a planted directory) goes;
// the containing directory is private and ours, so this cannot touch anything outside it.
function removeAnything(target: string): void {
  rmSync(target, { recursive: true, force: true });
}
