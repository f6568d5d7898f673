import { EntryError } from './errors.js';

// The no-content rule (FORMAT.md §6.3). An audit log is kept for years and copied to auditors;
// anything in it outlives the data it describes, and HIPAA 164.312(b) asks for a record of
// activity, not a second copy of the ePHI. So `details` holds metadata only: integers,
// booleans and short code-like strings. Message text, prompts, completions, document
// content, file names, passwords, tokens and personal data never go in; personal details an
// auditor may need (IP, user agent, display name) go to the sealed side table (personal.ts).
// The checks below are a backstop against mistakes, not a proof: a reviewer still reads each call.

/** At most this many keys in `details`. */
export const MAX_DETAILS = 32;
/** At most this many UTF-16 code units in a `details` string. */
export const MAX_DETAIL_STRING = 64;

const KEY = /^[a-z][a-z0-9_]{0,47}$/;
// Code-like strings only: no white space (prose), no '@' (emails), no '+' or '=' (base64 secrets).
const VALUE = /^[A-Za-z0-9._:/-]*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$/;
// Parley API tokens (server/auth/tokens.ts) start with this; a value that does is a leaked secret.
const TOKEN_PREFIX = 'prl_';

/** Key words that are refused in any `_`-separated position: secrets, whatever the suffix. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'credential',
  'credentials',
  'cookie',
  'otp',
  'totp',
  'authorization',
  'bearer',
  'private',
]);

/** Key words naming content or personal data: refused unless the key ends in a measure word. */
export const CONTENT_WORDS: ReadonlySet<string> = new Set([
  'content',
  'prompt',
  'text',
  'message',
  'messages',
  'body',
  'completion',
  'response',
  'answer',
  'query',
  'token',
  'chunk',
  'snippet',
  'transcript',
  'input',
  'output',
  'filename',
  'title',
  'note',
  'comment',
  'email',
  'name',
  'username',
  'phone',
  'address',
  'ip',
  'agent',
  'dob',
  'ssn',
  'mrn',
]);

/** Final key words that make a key a measurement (`prompt_tokens`, `message_count`). */
export const MEASURE_WORDS: ReadonlySet<string> = new Set([
  'count',
  'length',
  'chars',
  'bytes',
  'tokens',
  'ms',
  'size',
  'total',
]);

/**
 * Checks a `details` object (already known to be a plain object) and returns a copy.
 * Floats and other non-metadata values are `BAD_ENTRY`; content-looking keys or values are
 * `CONTENT_REFUSED`.
 */
export function validateDetails(src: Record<string, unknown>): Record<string, string | number | boolean> {
  const keys = Object.keys(src);
  if (keys.length > MAX_DETAILS)
    throw new EntryError('BAD_ENTRY', `$.details: more than ${MAX_DETAILS} keys`);
  const out: Record<string, string | number | boolean> = {};
  for (const key of keys) {
    const path = `$.details.${key}`;
    if (!KEY.test(key)) throw new EntryError('BAD_ENTRY', `${path}: key malformed or too long`);
    refuseContentKey(key, path);
    out[key] = detailValue(src[key], path);
  }
  return out;
}

function refuseContentKey(key: string, path: string): void {
  const words = key.split('_');
  const measured = MEASURE_WORDS.has(words[words.length - 1] ?? '');
  for (const word of words) {
    if (SECRET_WORDS.has(word) || (CONTENT_WORDS.has(word) && !measured))
      throw new EntryError('CONTENT_REFUSED', `${path}: key names content or a secret (${word})`);
  }
}

function detailValue(value: unknown, path: string): string | number | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    // Floats are refused (FORMAT.md §1): no entry depends on float-to-string conversion.
    if (!Number.isSafeInteger(value) || Object.is(value, -0))
      throw new EntryError('BAD_ENTRY', `${path}: not a safe integer`);
    return value;
  }
  if (typeof value !== 'string')
    throw new EntryError('BAD_ENTRY', `${path}: not an integer, boolean or string`);
  if (value.length > MAX_DETAIL_STRING)
    throw new EntryError('CONTENT_REFUSED', `${path}: longer than ${MAX_DETAIL_STRING}`);
  if (!VALUE.test(value)) throw new EntryError('CONTENT_REFUSED', `${path}: not a code-like string`);
  if (IPV4.test(value) || IPV6.test(value) || value.startsWith(TOKEN_PREFIX))
    throw new EntryError('CONTENT_REFUSED', `${path}: looks like an address or a token`);
  return value;
}
