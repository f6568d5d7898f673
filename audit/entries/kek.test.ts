import { chmodSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code } from '../test-support/errorCode.js';
import {
  generateSubjectKek,
  kekCheckValue,
  loadOrCreateSubjectKek,
  loadSubjectKek,
  unwrapSubjectKey,
  WRAPPED_SIZE,
  wrapSubjectKey,
} from './kek.js';

const KEK = Buffer.alloc(32, 0x4b);
const ALICE = 'a'.repeat(64);
const BOB = 'b'.repeat(64);
const SECRETS = { key: Buffer.alloc(32, 0x11), salt: Buffer.alloc(32, 0x22) };

describe('KEK files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-kek-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates 32 random bytes with mode 0600 on first use and loads them afterwards', () => {
    const path = join(dir, 'subject.kek');
    const kek = loadOrCreateSubjectKek(path);
    expect(kek).toHaveLength(32);
    expect(kek.equals(Buffer.alloc(32))).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSubjectKek(path).equals(kek)).toBe(true);
    expect(loadSubjectKek(path).equals(kek)).toBe(true);
    expect(loadOrCreateSubjectKek(join(dir, 'other.kek')).equals(kek)).toBe(false);
  });

  it('never overwrites an existing KEK', () => {
    const path = join(dir, 'subject.kek');
    const kek = generateSubjectKek(path);
    expect(code(() => generateSubjectKek(path))).toBe('BAD_KEK');
    expect(loadSubjectKek(path).equals(kek)).toBe(true);
  });

  it.each([0o644, 0o640, 0o604, 0o620, 0o602, 0o610])('refuses a KEK file with mode %s', (mode) => {
    const path = join(dir, 'loose.kek');
    writeFileSync(path, KEK, { mode: 0o600 });
    chmodSync(path, mode);
    expect(code(() => loadOrCreateSubjectKek(path))).toBe('KEY_FILE_INSECURE');
    expect(code(() => loadSubjectKek(path))).toBe('KEY_FILE_INSECURE');
  });

  it('accepts mode 0400', () => {
    const path = join(dir, 'ro.kek');
    writeFileSync(path, KEK, { mode: 0o400 });
    expect(loadOrCreateSubjectKek(path).equals(KEK)).toBe(true);
  });

  it('refuses a symbolic link, even a dangling one, and never creates through it', () => {
    const real = join(dir, 'real.kek');
    writeFileSync(real, KEK, { mode: 0o600 });
    symlinkSync(real, join(dir, 'link.kek'));
    expect(code(() => loadOrCreateSubjectKek(join(dir, 'link.kek')))).toBe('KEY_FILE_INSECURE');
    const target = join(dir, 'planted.kek');
    symlinkSync(target, join(dir, 'dangling.kek'));
    expect(code(() => loadOrCreateSubjectKek(join(dir, 'dangling.kek')))).toBe('KEY_FILE_INSECURE');
    expect(() => statSync(target)).toThrow(); // O_EXCL did not follow the link to create it
  });

  it('refuses a directory, a missing file (when only loading) and a wrong size', () => {
    expect(code(() => loadOrCreateSubjectKek(dir))).toBe('KEY_FILE_INSECURE');
    expect(code(() => loadSubjectKek(join(dir, 'absent.kek')))).toBe('BAD_KEK');
    const short = join(dir, 'short.kek');
    writeFileSync(short, Buffer.alloc(31), { mode: 0o600 });
    expect(code(() => loadOrCreateSubjectKek(short))).toBe('BAD_KEK');
    const long = join(dir, 'long.kek');
    writeFileSync(long, Buffer.alloc(33), { mode: 0o600 });
    expect(code(() => loadSubjectKek(long))).toBe('BAD_KEK');
  });
});

describe('wrapping subject keys', () => {
  it('round-trips key and salt, and the blob holds neither in clear', () => {
    const w = wrapSubjectKey(KEK, ALICE, SECRETS);
    expect(w).toHaveLength(WRAPPED_SIZE);
    expect(w.includes(SECRETS.key)).toBe(false);
    expect(w.includes(SECRETS.salt)).toBe(false);
    const out = unwrapSubjectKey(KEK, ALICE, w);
    expect(out.key.equals(SECRETS.key) && out.salt.equals(SECRETS.salt)).toBe(true);
    // Random IVs: wrapping twice gives unrelated blobs.
    expect(wrapSubjectKey(KEK, ALICE, SECRETS).equals(w)).toBe(false);
  });

  it('fails for another subject, another KEK, or any flipped bit', () => {
    const w = wrapSubjectKey(KEK, ALICE, SECRETS);
    expect(code(() => unwrapSubjectKey(KEK, BOB, w))).toBe('PERSONAL_TAMPERED');
    expect(code(() => unwrapSubjectKey(Buffer.alloc(32, 0x4c), ALICE, w))).toBe('PERSONAL_TAMPERED');
    for (const i of [0, 11, 12, 50, WRAPPED_SIZE - 1]) {
      const bad = Buffer.from(w);
      bad[i] = (bad[i] ?? 0) ^ 0x80;
      expect(code(() => unwrapSubjectKey(KEK, ALICE, bad))).toBe('PERSONAL_TAMPERED');
    }
    expect(code(() => unwrapSubjectKey(KEK, ALICE, w.subarray(1)))).toBe('PERSONAL_TAMPERED');
  });

  it('refuses a KEK that is not 32 bytes', () => {
    expect(code(() => wrapSubjectKey(Buffer.alloc(16), ALICE, SECRETS))).toBe('BAD_KEK');
    expect(code(() => kekCheckValue(Buffer.alloc(33)))).toBe('BAD_KEK');
    expect(code(() => kekCheckValue('k'.repeat(32) as never))).toBe('BAD_KEK');
  });

  it('derives a stable check value that is not the KEK and differs per KEK', () => {
    const check = kekCheckValue(KEK);
    expect(check).toHaveLength(32);
    expect(check.equals(KEK)).toBe(false);
    expect(kekCheckValue(Buffer.alloc(32, 0x4c)).equals(check)).toBe(false);
    expect(kekCheckValue(KEK).equals(check)).toBe(true);
  });
});
