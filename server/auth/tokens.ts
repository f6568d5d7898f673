import { createHash, randomBytes } from 'node:crypto';

/** Prefix that makes Parley tokens recognisable to secret scanners. */
export const TOKEN_PREFIX = 'prl_';

/** A new bearer token: 256 random bits, base64url, with the prefix. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored instead of the token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any database lookup (the header is attacker-controlled). */
export function looksLikeToken(value: string): boolean {
  return /^prl_[A-Za-z0-9_-]{43}$/.test(value);
}
