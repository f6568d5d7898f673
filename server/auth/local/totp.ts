import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) with the parameters every authenticator app supports: HMAC-SHA-1,
 * 30-second steps, 6 digits. A code is accepted for the current step and one step either
 * side (RFC 6238 §5.2 recommends at most one step of allowed delay).
 */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
const ISSUER = 'Parley';

/** A fresh 160-bit secret (the HMAC-SHA-1 key length RFC 4226 §4 recommends). */
export function newTotpSecret(): Buffer {
  return randomBytes(20);
}

function totpFor(secret: Buffer, account: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
    secret: Secret.fromHex(secret.toString('hex')),
  });
}

/** The time step a timestamp falls in (RFC 6238's T). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_S);
}

/** The code for a time step; for tests and for nothing else. */
export function totpCodeAt(secret: Buffer, nowMs: number): string {
  return totpFor(secret, 'x').generate({ timestamp: nowMs });
}

/**
 * The time step the (attacker-supplied) `code` belongs to, or null when it matches none
 * within the window or its step is not later than `lastStep` — a code already used, or an
 * older one, is refused (RFC 6238 §5.2: "the verifier MUST NOT accept the second attempt
 * of the OTP after the successful validation has been issued for the first OTP").
 */
export function verifyTotp(
  secret: Buffer,
  code: string,
  nowMs: number,
  lastStep: number | null,
): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, 'x').validate({ token, timestamp: nowMs, window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totpStep(nowMs) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** What an authenticator app needs, shown once at enrolment: URI, SVG and terminal QR code. */
export async function enrolmentArtefacts(
  secret: Buffer,
  account: string,
): Promise<{ otpauthUri: string; qrSvg: string; qrTerminal: string }> {
  const otpauthUri = totpFor(secret, account).toString();
  const [qrSvg, qrTerminal] = await Promise.all([
    QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    QRCode.toString(otpauthUri, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }),
  ]);
  return { otpauthUri, qrSvg, qrTerminal };
}
