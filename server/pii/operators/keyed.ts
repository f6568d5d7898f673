/**
 * The keyed operators: `hash` (HMAC-SHA256, RFC 2104 / FIPS 198-1) and `encrypt` (AES-256-GCM,
 * NIST SP 800-38D), both under installation keys the caller passes in. A plain SHA-256 of a
 * phone number or an SSN is reversed by enumerating the few billion candidates; an HMAC is not,
 * without the key.
 *
 * Token format of `encrypt`: `<ENC:` base64url( version 0x01 ‖ 12-byte random IV ‖ ciphertext ‖
 * 16-byte tag ) `>`, with the associated data "parley-pii-v1" so a token cannot be replayed
 * into another use of the same key. The IV is random per value (96 bits; NIST's limit of 2^32
 * encryptions per key is far beyond one installation's masking volume).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { PiiError } from '../errors.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('parley-pii-v1');

/** An `<ENC:...>` token anywhere in text. */
export const ENC_TOKEN = /<ENC:([A-Za-z0-9_-]{40,})>/g;

/** Minimum HMAC key length: the hash output size (RFC 2104 §3). */
export const MIN_HASH_KEY_BYTES = 32;
/** AES-256 key length. */
export const ENCRYPTION_KEY_BYTES = 32;

/** Lower-case hex HMAC-SHA256 of `value` under `key` (at least 32 bytes). */
export function hmacHex(key: Uint8Array, value: string): string {
  if (key.length < MIN_HASH_KEY_BYTES) {
    throw new PiiError('pii_key_missing', `the hash key must be at least ${MIN_HASH_KEY_BYTES} bytes`);
  }
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** `<ENC:...>` for `value` under a 32-byte key. */
export function encryptValue(key: Uint8Array, value: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const token = Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
  return `<ENC:${token.toString('base64url')}>`;
}

/**
 * The value inside an `<ENC:...>` token (the token alone, brackets included). Throws
 * `pii_decrypt_failed` for anything malformed or not authentic under `key`.
 */
export function decrypt(key: Uint8Array, token: string): string {
  checkKey(key);
  const m = /^<ENC:([A-Za-z0-9_-]+)>$/.exec(token);
  const bytes = m ? Buffer.from(m[1] as string, 'base64url') : Buffer.alloc(0);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) {
    throw new PiiError('pii_decrypt_failed', 'not an <ENC:...> token of a known version');
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
      .setAAD(AAD)
      .setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new PiiError('pii_decrypt_failed', 'the token does not authenticate under this key', { cause });
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== ENCRYPTION_KEY_BYTES) {
    throw new PiiError('pii_key_missing', `the encryption key must be ${ENCRYPTION_KEY_BYTES} bytes`);
  }
}
