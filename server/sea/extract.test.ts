import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureExtracted, NativeIntegrityError, resolveNativeBaseDir } from './extract.js';
import { type Manifest, manifestId, validateManifest } from './manifest.js';

const contents: Record<string, Buffer> = {
  'native/addon.node': Buffer.from('pretend ELF addon'),
  'bins/linux-x64/libthing.so': Buffer.from('pretend shared library'),
  'dist/app.mjs': Buffer.from('export const x = 1;\n'),
};

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

const manifest: Manifest = {
  version: 1,
  files: Object.entries(contents).map(([name, b]) => ({
    name,
    sha256: sha(b),
    size: b.length,
    mode: name.endsWith('.mjs') ? 0o400 : 0o500,
    encoding: 'identity' as const,
  })),
};

let tmp: string;
let base: string;
let reads: string[];
const readAsset = (e: { name: string }) => {
  reads.push(e.name);
  return Buffer.from(contents[e.name] ?? Buffer.alloc(0));
};
const extract = (m: Manifest = manifest) => ensureExtracted({ baseDir: base, manifest: m, readAsset });
const isRoot = process.getuid?.() === 0;

beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'parley-sea-'));
  base = path.join(tmp, 'cache', 'parley', 'native');
  reads = [];
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('ensureExtracted', () => {
  it('writes every file owner-only into a per-build directory, then reuses it', () => {
    const first = extract();
    expect(first.root).toBe(path.join(base, manifestId(manifest)));
    expect(first.written.map((w) => w.reason)).toEqual(['missing', 'missing', 'missing']);
    expect(statSync(first.root).mode & 0o777).toBe(0o700);
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(first.root, 'native/addon.node')).mode & 0o777).toBe(0o500);
    expect(statSync(path.join(first.root, 'dist/app.mjs')).mode & 0o777).toBe(0o400);
    expect(statSync(path.join(first.root, 'bins/linux-x64')).mode & 0o777).toBe(0o700);
    reads = [];
    const second = extract();
    expect(second.written).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('rewrites a tampered file (same size, different bytes)', () => {
    const { root } = extract();
    const file = path.join(root, 'native/addon.node');
    chmodSync(file, 0o600);
    writeFileSync(file, Buffer.from('PRETEND ELF ADDON'));
    chmodSync(file, 0o500);
    expect(extract().written).toEqual([{ name: 'native/addon.node', reason: 'hash' }]);
    expect(readFileSync(file)).toEqual(contents['native/addon.node']);
  });

  it('rewrites a truncated file and a deleted file', () => {
    const { root } = extract();
    chmodSync(path.join(root, 'dist/app.mjs'), 0o600);
    writeFileSync(path.join(root, 'dist/app.mjs'), 'x');
    rmSync(path.join(root, 'bins/linux-x64/libthing.so'));
    const reasons = extract().written.map((w) => `${w.name}:${w.reason}`);
    expect(reasons.sort()).toEqual(['bins/linux-x64/libthing.so:missing', 'dist/app.mjs:size']);
  });

  it('rewrites a correct file whose mode lets others read or write it', () => {
    const { root } = extract();
    chmodSync(path.join(root, 'native/addon.node'), 0o755);
    expect(extract().written).toEqual([{ name: 'native/addon.node', reason: 'loose-mode' }]);
    expect(statSync(path.join(root, 'native/addon.node')).mode & 0o777).toBe(0o500);
  });

  it('tightens a private directory that was loosened', () => {
    const { root } = extract();
    chmodSync(root, 0o777);
    chmodSync(path.join(root, 'native'), 0o755);
    extract();
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(root, 'native')).mode & 0o777).toBe(0o700);
  });

  it('replaces a symlink planted where a file belongs, without following it', () => {
    const { root } = extract();
    const outside = path.join(tmp, 'outside.txt');
    writeFileSync(outside, contents['native/addon.node'] as Buffer);
    const file = path.join(root, 'native/addon.node');
    rmSync(file);
    symlinkSync(outside, file);
    expect(extract().written).toEqual([{ name: 'native/addon.node', reason: 'not-regular' }]);
    expect(statSync(file).isFile()).toBe(true);
    expect(readFileSync(outside)).toEqual(contents['native/addon.node']); // untouched
  });

  it('replaces a hard-linked copy (it could be changed through the other name)', () => {
    const { root } = extract();
    linkSync(path.join(root, 'dist/app.mjs'), path.join(tmp, 'other-name'));
    expect(extract().written).toEqual([{ name: 'dist/app.mjs', reason: 'linked' }]);
  });

  it('replaces a directory planted where a file belongs', () => {
    const { root } = extract();
    rmSync(path.join(root, 'dist/app.mjs'));
    mkdirSync(path.join(root, 'dist/app.mjs'));
    writeFileSync(path.join(root, 'dist/app.mjs/x'), 'y');
    expect(extract().written).toEqual([{ name: 'dist/app.mjs', reason: 'not-regular' }]);
  });

  it('refuses when the per-build directory is a symlink', () => {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const elsewhere = path.join(tmp, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, path.join(base, manifestId(manifest)));
    expect(() => extract()).toThrow(NativeIntegrityError);
  });

  it('refuses when an ancestor is writable by others and not sticky', () => {
    mkdirSync(path.join(tmp, 'cache'), { mode: 0o700 });
    chmodSync(path.join(tmp, 'cache'), 0o777);
    expect(() => extract()).toThrow(/writable by other users/);
  });

  it.skipIf(!isRoot)('refuses a directory owned by someone else, and replaces their file', () => {
    const { root } = extract();
    const file = path.join(root, 'dist/app.mjs');
    chownSync(file, 4242, 4242);
    expect(extract().written).toEqual([{ name: 'dist/app.mjs', reason: 'foreign-owner' }]);
    chownSync(path.join(root, 'native'), 4242, 4242);
    expect(() => extract()).toThrow(/belongs to uid 4242/);
  });

  it('refuses to write an embedded asset that does not match its manifest', () => {
    const bad: Manifest = {
      version: 1,
      files: [{ ...(manifest.files[0] as Manifest['files'][0]), sha256: 'a'.repeat(64) }],
    };
    expect(() => extract(bad)).toThrow(/executable is damaged/);
  });

  it('a new build gets a new directory', () => {
    const other: Manifest = { version: 1, files: manifest.files.slice(1) };
    expect(extract(other).root).not.toBe(extract().root);
  });
});

describe('validateManifest', () => {
  const entry = manifest.files[0] as Manifest['files'][0];
  it.each(['../evil', '/etc/passwd', 'a/../../b', 'a//b', './a', 'a/.', 'a\\b', '', '.hidden', 'a\nb'])(
    'rejects the name %j',
    (name) => {
      expect(() => validateManifest({ version: 1, files: [{ ...entry, name }] })).toThrow(/unsafe file name/);
    },
  );
  it('rejects group/other modes, duplicates and file-vs-directory clashes', () => {
    expect(() => validateManifest({ version: 1, files: [{ ...entry, mode: 0o755 }] })).toThrow(/owner-only/);
    expect(() => validateManifest({ version: 1, files: [entry, entry] })).toThrow(/duplicate/);
    expect(() =>
      validateManifest({
        version: 1,
        files: [
          { ...entry, name: 'a' },
          { ...entry, name: 'a/b' },
        ],
      }),
    ).toThrow(/both a file/);
  });
});

describe('resolveNativeBaseDir', () => {
  it('prefers PARLEY_NATIVE_DIR, then XDG_CACHE_HOME, then ~/.cache; ignores relative values', () => {
    expect(resolveNativeBaseDir({ PARLEY_NATIVE_DIR: '/x' }, '/home/u')).toBe('/x');
    expect(resolveNativeBaseDir({ XDG_CACHE_HOME: '/c' }, '/home/u')).toBe('/c/parley/native');
    expect(resolveNativeBaseDir({ XDG_CACHE_HOME: 'rel', PARLEY_NATIVE_DIR: 'rel' }, '/home/u')).toBe(
      '/home/u/.cache/parley/native',
    );
    expect(() => resolveNativeBaseDir({}, '')).toThrow(NativeIntegrityError);
  });
});
