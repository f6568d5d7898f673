import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPiiError } from '../errors.js';
import { decrypt, encryptValue, hmacHex } from './keyed.js';

const key = randomBytes(32);
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return isPiiError(err) ? err.code : 'other';
  }
  return undefined;
};

describe('encrypt / decrypt (AES-256-GCM)', () => {
  it('round-trips any text, astral characters included', () => {
    for (const value of ['jane@example.com', '', 'Zoë 😀 \uD800']) {
      expect(decrypt(key, encryptValue(key, value))).toBe(value.replace('\uD800', '\uFFFD'));
    }
  });

  it('refuses a token changed in one character, a wrong key, or garbage', () => {
    const token = encryptValue(key, 'secret');
    const body = token.slice(5, -1);
    const flipped = `<ENC:${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}>`;
    expect(code(() => decrypt(key, flipped))).toBe('pii_decrypt_failed');
    expect(code(() => decrypt(randomBytes(32), token))).toBe('pii_decrypt_failed');
    expect(code(() => decrypt(key, '<ENC:abc>'))).toBe('pii_decrypt_failed');
    expect(code(() => decrypt(key, 'no token'))).toBe('pii_decrypt_failed');
  });

  it('refuses a truncated tag', () => {
    const token = encryptValue(key, 'secret');
    const bytes = Buffer.from(token.slice(5, -1), 'base64url');
    const short = `<ENC:${bytes.subarray(0, bytes.length - 4).toString('base64url')}>`;
    expect(code(() => decrypt(key, short))).toBe('pii_decrypt_failed');
  });

  it('needs a 32-byte key', () => {
    expect(code(() => encryptValue(randomBytes(16), 'x'))).toBe('pii_key_missing');
  });
});

describe('hmacHex', () => {
  it('needs a key of at least 32 bytes', () => {
    expect(code(() => hmacHex(randomBytes(31), 'x'))).toBe('pii_key_missing');
    expect(hmacHex(key, 'x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
