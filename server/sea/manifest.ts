import { createHash } from 'node:crypto';

/**
 * One file the single executable carries as a SEA asset and writes to disk at first run.
 * The manifest is baked into the injected bootstrap at build time, so it is as trusted as
 * the executable itself; everything on disk is checked against it.
 */
export interface ManifestEntry {
  /** Relative POSIX path under the extraction root; also the SEA asset key. */
  name: string;
  /** Hex SHA-256 of the extracted (decompressed) bytes. */
  sha256: string;
  /** Byte length of the extracted file. */
  size: number;
  /** Permission bits to create the file with (owner-only; 0o500 or 0o400). */
  mode: number;
  /** How the asset is stored inside the executable. */
  encoding: 'br' | 'identity';
}

/** The list of embedded files, in extraction order. */
export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

// Plain names only: no empty, `.` or `..` segments, no absolute paths, no backslashes, no
// control characters. Extraction joins these onto a private directory, so anything that
// could climb out of it is rejected even though the manifest comes from our own build.
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*(\/[A-Za-z0-9_][A-Za-z0-9._+-]*)*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws when a manifest could escape its directory or is otherwise malformed. */
export function validateManifest(manifest: Manifest): void {
  if (
    manifest === null ||
    typeof manifest !== 'object' ||
    manifest.version !== 1 ||
    !Array.isArray(manifest.files)
  ) {
    throw new Error('SEA manifest: unsupported shape or version');
  }
  const seen = new Set<string>();
  for (const entry of manifest.files) {
    const { name, sha256, size, mode, encoding } = entry;
    if (
      typeof name !== 'string' ||
      !SAFE_NAME.test(name) ||
      name.split('/').some((s) => s === '..' || s === '.')
    ) {
      throw new Error(`SEA manifest: unsafe file name ${JSON.stringify(name)}`);
    }
    // A name that is a prefix directory of another would make one a file and a directory.
    if (seen.has(name)) throw new Error(`SEA manifest: duplicate file name ${name}`);
    seen.add(name);
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256))
      throw new Error(`SEA manifest: bad sha256 for ${name}`);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`SEA manifest: bad size for ${name}`);
    if (!Number.isInteger(mode) || (mode & ~0o700) !== 0 || (mode & 0o400) === 0) {
      throw new Error(`SEA manifest: mode for ${name} must be owner-only and readable`);
    }
    if (encoding !== 'br' && encoding !== 'identity')
      throw new Error(`SEA manifest: bad encoding for ${name}`);
  }
  for (const name of seen) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (seen.has(dir)) throw new Error(`SEA manifest: ${dir} is both a file and a directory`);
    }
  }
}

/**
 * Short, stable identifier of a manifest's content: the extraction directory name, so a
 * new build never reuses (or races with) the files of an older one.
 */
export function manifestId(manifest: Manifest): string {
  const canonical = manifest.files.map((f) => `${f.name}\0${f.sha256}\0${f.size}\0${f.mode}`).join('\n');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}
