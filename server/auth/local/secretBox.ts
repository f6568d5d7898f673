import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';

/**
 * Seals small secrets at rest (TOTP seeds) with AES-256-GCM under a key kept outside the
 * database, so a copy of the database alone does not yield second factors.
 *
 * Sealed form: `v1.` + base64url(iv[12] || ciphertext || tag[16]). A fresh random 96-bit IV
 * per seal is safe far beyond the number of seals Parley will ever make (NIST SP 800-38D
 * allows 2^32 random IVs per key). The `context` string is bound as additional data, so a
 * sealed value copied to another row or purpose (another user, pending → active) fails to
 * open even though the key is the same.
 */
export interface SecretBox {
  seal(plaintext: Buffer, context: string): string;
  /** Throws `storage_error` when the value was tampered with or sealed under another key. */
  open(sealed: string, context: string): Buffer;
  /**
   * A 32-byte key for another purpose (RFC 5869 HKDF-SHA256 with `purpose` as info), so one
   * installation secret serves several uses without any two sharing a key.
   */
  deriveKey(purpose: string): Buffer;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'v1.';

/** A box over a 256-bit key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new TypeError(`A secret box key is ${KEY_BYTES} bytes.`);
  const k = Buffer.from(key); // private copy: the caller may zero or reuse its buffer
  return Object.freeze({
    seal(plaintext: Buffer, context: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed: string, context: string): Buffer {
      const raw = sealed.startsWith(PREFIX) ? Buffer.from(sealed.slice(PREFIX.length), 'base64url') : null;
      if (!raw || raw.length < IV_BYTES + TAG_BYTES) throw unopenable();
      const iv = raw.subarray(0, IV_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch (err) {
        throw unopenable(err);
      }
    },
    deriveKey(purpose: string): Buffer {
      return Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), `parley:${purpose}`, KEY_BYTES));
    },
  });
}

function unopenable(cause?: unknown): AppError {
  return new AppError(
    'storage_error',
    'A sealed secret could not be opened: it was altered or sealed under another key.',
    { cause },
  );
}

/**
 * Reads the 256-bit key from `file`, creating it (mode 0600, random bytes) when missing.
 * Refuses a key file that group or others may access: the key protects every TOTP seed,
 * so a readable key file is a configuration error, not a warning (like ssh with its keys).
 * The file holds 32 raw bytes, or 64 hex digits (so it can be provisioned as text).
 */
export function loadSecretKey(file: string): Buffer {
  let created = false;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' fails if the file exists, so two starting processes cannot both write a key.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES));
    } finally {
      closeSync(fd);
    }
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new AppError('config_invalid', `Cannot create the secret key file ${file}.`, { cause: err });
    }
  }
  if (!created && process.platform !== 'win32') {
    const mode = statSync(file).mode;
    if ((mode & 0o077) !== 0) {
      throw new AppError(
        'config_invalid',
        `The secret key file ${file} is accessible to group or others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it.`,
      );
    }
  }
  const bytes = readFileSync(file);
  if (bytes.length === KEY_BYTES) return bytes;
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  throw new AppError(
    'config_invalid',
    `The secret key file ${file} must hold ${KEY_BYTES} raw bytes or 64 hex digits.`,
  );
}

/** Loads (or creates) the key file and returns a box over it. */
export function loadSecretBox(file: string): SecretBox {
  return createSecretBox(loadSecretKey(file));
}
