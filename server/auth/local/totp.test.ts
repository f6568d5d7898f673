import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  normaliseRecoveryCode,
} from './recoveryCodes.js';
import { secretOf } from './test-support/fixtures.js';
import { enrolmentArtefacts, newTotpSecret, totpCodeAt, totpStep, verifyTotp } from './totp.js';

// RFC 6238 appendix B: SHA-1 seed "12345678901234567890", T = 59 s → 94287082 (8 digits).
const rfcSecret = Buffer.from('12345678901234567890', 'ascii');
const t0 = Date.UTC(2026, 0, 1); // a step boundary
const step = 30_000;

describe('TOTP', () => {
  it('agrees with the RFC 6238 test vector (last 6 digits)', () => {
    expect(totpCodeAt(rfcSecret, 59_000)).toBe('287082');
    expect(verifyTotp(rfcSecret, '287082', 59_000, null)).toBe(1);
  });

  it('accepts ±1 step and rejects ±2', () => {
    const s = newTotpSecret();
    for (const k of [-1, 0, 1]) {
      expect(verifyTotp(s, totpCodeAt(s, t0 + k * step), t0, null)).toBe(totpStep(t0) + k);
    }
    for (const k of [-2, 2]) expect(verifyTotp(s, totpCodeAt(s, t0 + k * step), t0, null)).toBeNull();
  });

  it('refuses a step at or before the last accepted one (replay)', () => {
    const s = newTotpSecret();
    const code = totpCodeAt(s, t0);
    const accepted = verifyTotp(s, code, t0, null) as number;
    expect(verifyTotp(s, code, t0 + 1000, accepted)).toBeNull();
    expect(verifyTotp(s, totpCodeAt(s, t0 - step), t0, accepted)).toBeNull();
    expect(verifyTotp(s, totpCodeAt(s, t0 + step), t0 + step, accepted)).toBe(accepted + 1);
  });

  it('ignores spaces and refuses non-digits or wrong lengths', () => {
    const s = newTotpSecret();
    const code = totpCodeAt(s, t0);
    expect(verifyTotp(s, `${code.slice(0, 3)} ${code.slice(3)}`, t0, null)).not.toBeNull();
    expect(verifyTotp(s, `${code}0`, t0, null)).toBeNull();
    expect(verifyTotp(s, 'abcdef', t0, null)).toBeNull();
  });

  it('produces an otpauth URI, an SVG and a terminal QR code for the same secret', async () => {
    const s = newTotpSecret();
    const a = await enrolmentArtefacts(s, 'alice');
    expect(a.otpauthUri).toMatch(/^otpauth:\/\/totp\/Parley:alice\?/);
    const params = new URL(a.otpauthUri).searchParams;
    expect(params.get('issuer')).toBe('Parley');
    expect(params.get('algorithm')).toBe('SHA1');
    expect(params.get('digits')).toBe('6');
    expect(params.get('period')).toBe('30');
    expect(secretOf(a.otpauthUri).equals(s)).toBe(true);
    expect(a.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(a.qrTerminal.split('\n').length).toBeGreaterThan(10);
  });
});

describe('recovery codes', () => {
  it('makes 10 distinct codes of 60 bits in groups of four', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/); // 12 × 5 bits
      expect(looksLikeRecoveryCode(c)).toBe(true);
    }
  });

  it('hashes the canonical form with SHA-256', () => {
    expect(normaliseRecoveryCode(' ABCD-efgh ijkl ')).toBe('abcdefghijkl');
    expect(hashRecoveryCode('ABCD-EFGH-IJKL')).toBe(hashRecoveryCode('abcdefghijkl'));
    expect(hashRecoveryCode('abcd-efgh-ijkl')).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeRecoveryCode('abcd-efgh-ijk1')).toBe(false);
  });
});
