import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretBox, loadSecretKey } from './secretBox.js';
import { thrown } from './test-support/fixtures.js';

const box = createSecretBox(randomBytes(32));
const secret = Buffer.from('12345678901234567890');

describe('secret box (AES-256-GCM)', () => {
  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal(secret, 'ctx');
    const b = box.seal(secret, 'ctx');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(box.open(a, 'ctx').equals(secret)).toBe(true);
    expect(a).not.toContain(secret.toString('base64url'));
  });

  it('detects a flipped byte anywhere: IV, ciphertext or tag', () => {
    const raw = Buffer.from(box.seal(secret, 'ctx').slice(3), 'base64url');
    for (const index of [0, 12, 12 + secret.length - 1, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = (tampered[index] as number) ^ 0x01;
      const err = thrown(() => box.open(`v1.${tampered.toString('base64url')}`, 'ctx'));
      expect(err.code).toBe('storage_error');
    }
  });

  it('refuses another context, another key, truncation and junk', () => {
    const sealed = box.seal(secret, 'parley/totp/active/u1');
    expect(thrown(() => box.open(sealed, 'parley/totp/active/u2')).code).toBe('storage_error');
    expect(thrown(() => createSecretBox(randomBytes(32)).open(sealed, 'parley/totp/active/u1')).code).toBe(
      'storage_error',
    );
    expect(thrown(() => box.open(sealed.slice(0, 20), 'parley/totp/active/u1')).code).toBe('storage_error');
    expect(thrown(() => box.open('not sealed', 'x')).code).toBe('storage_error');
  });

  it('wants a 256-bit key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(TypeError);
  });
});

describe('loadSecretKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a missing key file with mode 0600 and 32 random bytes, then reads the same key', () => {
    const file = path.join(dir, 'sub', 'secret.key');
    const key = loadSecretKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).equals(key)).toBe(true);
    expect(loadSecretKey(file).equals(key)).toBe(true);
    const sealed = loadSecretBox(file).seal(secret, 'c');
    expect(loadSecretBox(file).open(sealed, 'c').equals(secret)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('refuses a key file with group or other permission bits', () => {
    const file = path.join(dir, 'secret.key');
    loadSecretKey(file);
    for (const mode of [0o640, 0o604, 0o660, 0o644, 0o601]) {
      chmodSync(file, mode);
      const err = thrown(() => loadSecretKey(file));
      expect(err.code).toBe('config_invalid');
      expect(err.message).toContain('chmod 600');
    }
    chmodSync(file, 0o400);
    expect(loadSecretKey(file)).toHaveLength(32);
  });

  it('accepts 64 hex digits and refuses anything else', () => {
    const file = path.join(dir, 'secret.key');
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
    expect(loadSecretKey(file).equals(key)).toBe(true);
    writeFileSync(file, 'too short', { mode: 0o600 });
    expect(thrown(() => loadSecretKey(file)).code).toBe('config_invalid');
  });
});
