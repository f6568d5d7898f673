import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code } from '../test-support/errorCode.js';
import {
  ACTOR_DOMAIN,
  generatePseudonymKey,
  loadOrCreatePseudonymKey,
  loadPseudonymKey,
  pseudonymize,
} from './pseudonym.js';

const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);

describe('pseudonymize', () => {
  it('is stable for one key and differs across keys and users', () => {
    const a = pseudonymize(K1, 'user_42');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymize(K1, 'user_42')).toBe(a);
    expect(pseudonymize(K2, 'user_42')).not.toBe(a);
    expect(pseudonymize(K1, 'user_43')).not.toBe(a);
    expect(a).not.toContain('user_42');
  });

  it('is HMAC-SHA256 over the domain, a 0x00 byte and the id (re-identifiable with the key)', () => {
    const expected = createHmac('sha256', K1).update(`${ACTOR_DOMAIN}\0user_42`).digest('hex');
    expect(pseudonymize(K1, 'user_42')).toBe(expected);
    // Without the domain it would equal a plain HMAC of the id under the same key.
    expect(pseudonymize(K1, 'user_42')).not.toBe(createHmac('sha256', K1).update('user_42').digest('hex'));
  });

  it('refuses a short key and an empty id', () => {
    expect(code(() => pseudonymize(Buffer.alloc(16), 'u'))).toBe('BAD_PSEUDONYM_KEY');
    expect(() => pseudonymize(K1, '')).toThrow(TypeError);
  });
});

describe('key files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-pseudonym-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates 32 random bytes with mode 0600 and loads them back', () => {
    const path = join(dir, 'actor.key');
    const key = generatePseudonymKey(path);
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadPseudonymKey(path).equals(key)).toBe(true);
    expect(loadOrCreatePseudonymKey(path).equals(key)).toBe(true);
  });

  it('refuses to overwrite an existing key', () => {
    const path = join(dir, 'actor.key');
    generatePseudonymKey(path);
    expect(code(() => generatePseudonymKey(path))).toBe('BAD_PSEUDONYM_KEY');
  });

  it('creates the key on first use', () => {
    const path = join(dir, 'new.key');
    const key = loadOrCreatePseudonymKey(path);
    expect(loadOrCreatePseudonymKey(path).equals(key)).toBe(true);
  });

  it.each([0o640, 0o604, 0o644, 0o660, 0o602, 0o610])('refuses a key file with mode %s', (mode) => {
    const path = join(dir, 'loose.key');
    writeFileSync(path, K1, { mode: 0o600 });
    chmodSync(path, mode);
    expect(code(() => loadPseudonymKey(path))).toBe('KEY_FILE_INSECURE');
  });

  it('accepts mode 0400', () => {
    const path = join(dir, 'ro.key');
    writeFileSync(path, K1, { mode: 0o400 });
    expect(loadPseudonymKey(path).equals(K1)).toBe(true);
  });

  it('refuses a symbolic link, a directory, a missing file and a wrong size', () => {
    const real = join(dir, 'real.key');
    writeFileSync(real, K1, { mode: 0o600 });
    symlinkSync(real, join(dir, 'link.key'));
    expect(code(() => loadPseudonymKey(join(dir, 'link.key')))).toBe('KEY_FILE_INSECURE');
    expect(code(() => loadPseudonymKey(dir))).toBe('KEY_FILE_INSECURE');
    expect(code(() => loadPseudonymKey(join(dir, 'absent.key')))).toBe('BAD_PSEUDONYM_KEY');
    const short = join(dir, 'short.key');
    writeFileSync(short, Buffer.alloc(31), { mode: 0o600 });
    expect(code(() => loadPseudonymKey(short))).toBe('BAD_PSEUDONYM_KEY');
  });
});
