import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, looksLikeToken, TOKEN_PREFIX } from './tokens.js';

describe('generateToken', () => {
  it('makes prefixed 256-bit base64url tokens that pass the shape check', () => {
    const t = generateToken();
    expect(t.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(t.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(looksLikeToken(t)).toBe(true);
  });

  it('never repeats', () => {
    const many = new Set(Array.from({ length: 500 }, generateToken));
    expect(many.size).toBe(500);
  });
});

describe('hashToken', () => {
  it('is the hex SHA-256 of the UTF-8 token', () => {
    const t = generateToken();
    expect(hashToken(t)).toBe(createHash('sha256').update(Buffer.from(t, 'utf8')).digest('hex'));
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t.slice(TOKEN_PREFIX.length));
  });
});

describe('looksLikeToken', () => {
  const body = 'A'.repeat(43);
  it.each([
    ['wrong prefix', `prx_${body}`],
    ['uppercase prefix', `PRL_${body}`],
    ['one short', `prl_${body.slice(1)}`],
    ['one long', `prl_${body}A`],
    ['empty', ''],
    ['prefix only', 'prl_'],
    ['padding', `prl_${body.slice(1)}=`],
    ['SQL', `prl_${"' OR '1'='1' --".padEnd(43, 'x')}`],
    ['trailing newline', `prl_${body}\n`],
    ['leading space', ` prl_${body}`],
    ['10 KB', `prl_${'A'.repeat(10_240)}`],
    ['non-ASCII', `prl_${'é'.repeat(43)}`],
  ])('rejects %s', (_why, value) => {
    expect(looksLikeToken(value)).toBe(false);
  });

  it('accepts the full base64url alphabet', () => {
    expect(looksLikeToken(`prl_${'aZ09-_'.repeat(7)}x`)).toBe(true);
  });
});
