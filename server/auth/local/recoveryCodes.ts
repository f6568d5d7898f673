import { createHash, randomInt } from 'node:crypto';

/**
 * Single-use recovery codes: 10 codes of 12 base32 characters (60 bits each), written as
 * `abcd-efgh-ijkm`. They are random, not chosen by people, so a plain SHA-256 is enough to
 * store them (the search space is 2^60 per code, far beyond offline guessing of one hash;
 * a slow hash is needed only for low-entropy secrets such as passwords).
 */
export const RECOVERY_CODE_COUNT = 10;
const GROUPS = 3;
const GROUP_LENGTH = 4;
// RFC 4648 base32, lower-case: no 0/1/8/9, so nothing to confuse with o/l/b/g.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** New codes, to be shown once. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
}

/** Canonical form of user input: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/** What is stored: SHA-256 (hex) of the canonical form. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest('hex');
}

/** True when the input could be a recovery code at all (cheap pre-check). */
export function looksLikeRecoveryCode(code: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`).test(normaliseRecoveryCode(code));
}
