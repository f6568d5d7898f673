import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Config } from '../../config/schema.js';
import { AppError } from '../../errors.js';

/** Argon2id cost parameters (memory in KiB). */
export interface Argon2Params {
  memoryKiB: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet minimum for argon2id: m=19 MiB, t=2, p=1. */
export const OWASP_MIN: Readonly<Argon2Params> = Object.freeze({
  memoryKiB: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export const MIN_PASSWORD_LENGTH = 12;
/** Generous (NIST 800-63B asks for at least 64) but bounded, so a request cannot be a DoS. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The configured parameters; refuses anything under the OWASP floor even if config was bypassed. */
export function argon2Params(config: Config['auth']['local']): Argon2Params {
  const p = {
    memoryKiB: config.argon2MemoryKiB,
    timeCost: config.argon2TimeCost,
    parallelism: config.argon2Parallelism,
  };
  if (p.memoryKiB < OWASP_MIN.memoryKiB || p.timeCost < OWASP_MIN.timeCost || p.parallelism < 1) {
    throw new AppError(
      'config_invalid',
      'argon2 parameters are below the OWASP minimum (m=19456, t=2, p=1).',
    );
  }
  return p;
}

/**
 * NIST 800-63B suggests normalising Unicode so that the same password typed on another
 * keyboard or OS still matches; NFKC is applied both when hashing and when verifying.
 */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Checks a new password against the local rules and says which one failed. Rules follow
 * NIST 800-63B: length, not the username; no composition rules.
 */
export function checkPasswordRules(username: string, password: string): void {
  const length = [...normalise(password)].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'password_rejected',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      'password_rejected',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (normalise(password).toLowerCase() === normalise(username).toLowerCase()) {
    throw new AppError('password_rejected', 'The password must not be the username.');
  }
}

/**
 * An argon2id PHC string in the reference order, `$argon2id$v=19$m=65536,t=3,p=1$salt$hash`
 * (argon2@0.45 writes `m,p,t`; verification accepts either order).
 */
export async function hashPassword(password: string, params: Argon2Params): Promise<string> {
  const phc = await argon2.hash(normalise(password), {
    type: argon2.argon2id,
    memoryCost: params.memoryKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  });
  const parsed = parsePhc(phc);
  if (!parsed) throw new Error('argon2 returned an unexpected hash format');
  const rest = phc.split('$').slice(4).join('$'); // salt$digest
  return `$argon2id$v=19$m=${parsed.memoryKiB},t=${parsed.timeCost},p=${parsed.parallelism}$${rest}`;
}

/** True when `password` matches; a malformed stored hash is a mismatch, never a throw. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  try {
    return await argon2.verify(phc, normalise(password));
  } catch {
    return false;
  }
}

/** The type and parameters in a PHC string (in any order), or undefined when it is not argon2. */
export function parsePhc(phc: string): (Argon2Params & { type: string }) | undefined {
  const [empty, type, version, paramText] = phc.split('$');
  if (empty !== '' || !type || !/^argon2(id|i|d)$/.test(type) || !version?.startsWith('v=') || !paramText) {
    return undefined;
  }
  const params = new Map(paramText.split(',').map((kv) => kv.split('=') as [string, string]));
  const num = (k: string) => (/^\d+$/.test(params.get(k) ?? '') ? Number(params.get(k)) : Number.NaN);
  const parsed = { type, memoryKiB: num('m'), timeCost: num('t'), parallelism: num('p') };
  return [parsed.memoryKiB, parsed.timeCost, parsed.parallelism].some(Number.isNaN) ? undefined : parsed;
}

/**
 * True when the stored hash is weaker than the configured parameters (any of m, t, p lower,
 * or not argon2id). Lowering the configuration never rewrites stronger hashes.
 */
export function needsRehash(phc: string, params: Argon2Params): boolean {
  const stored = parsePhc(phc);
  if (!stored) return true;
  return (
    stored.type !== 'argon2id' ||
    stored.memoryKiB < params.memoryKiB ||
    stored.timeCost < params.timeCost ||
    stored.parallelism < params.parallelism
  );
}

/**
 * A PHC string with the configured parameters, a random salt and a random digest, to verify
 * against when the username is unknown: argon2 then does the same work as for a real
 * account, so timing does not tell whether the account exists. No password can match it
 * (that would need a 256-bit preimage).
 */
export function dummyHash(params: Argon2Params): string {
  const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
  return `$argon2id$v=19$m=${params.memoryKiB},t=${params.timeCost},p=${params.parallelism}$${b64(16)}$${b64(32)}`;
}
