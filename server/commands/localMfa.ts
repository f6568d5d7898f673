import { type Auditor, principal } from '../audit/events.js';
import { generateRecoveryCodes, hashRecoveryCode } from '../auth/local/recoveryCodes.js';
import type { SecretBox } from '../auth/local/secretBox.js';
import { enrolmentArtefacts, newTotpSecret, verifyTotp } from '../auth/local/totp.js';
import { openPendingSecret, sealPendingSecret, sealTotpState } from '../auth/local/totpState.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import {
  activateTotp,
  getLocalAccountName,
  getLocalCredential,
  setPendingTotp,
} from '../storage/localCredentials.js';
import { replaceRecoveryCodes } from '../storage/recoveryCodes.js';

/** What MFA enrolment needs. */
export interface MfaDeps {
  db: Db;
  clock: Clock;
  box: SecretBox;
  audit: Auditor;
}

/**
 * Starts TOTP enrolment for a local account: a new secret is stored sealed as *pending*
 * (replacing any earlier pending one) and returned once as an otpauth:// URI and QR codes.
 * MFA is not on until `confirmMfaEnrollment` sees a valid code, so a half-finished
 * enrolment never locks anyone out. Re-enrolling while MFA is on is allowed (new phone);
 * the old secret stays active until the new one is confirmed. The caller must have
 * authenticated the user (full session, or the `mfa_enrollment_required` state).
 */
export async function beginMfaEnrollment(
  deps: Pick<MfaDeps, 'db' | 'clock' | 'box'>,
  userId: string,
): Promise<{ otpauthUri: string; qrSvg: string; qrTerminal: string }> {
  const username = getLocalAccountName(deps.db, userId);
  if (username === undefined) throw new AppError('user_not_found', 'No such local account.');
  const secret = newTotpSecret();
  const artefacts = await enrolmentArtefacts(secret, username);
  setPendingTotp(deps.db, userId, sealPendingSecret(deps.box, userId, secret), deps.clock.now());
  return artefacts;
}

/**
 * Activates the pending secret after a valid code (±1 step) and issues new recovery codes,
 * returned once; earlier recovery codes stop working. The accepted step is recorded, so
 * the same code cannot then be replayed to sign in.
 */
export async function confirmMfaEnrollment(
  deps: MfaDeps,
  userId: string,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const { db, box } = deps;
  const recoveryCodes = generateRecoveryCodes();
  db.transaction((now: number) => {
    const cred = getLocalCredential(db, userId);
    if (!cred) throw new AppError('user_not_found', 'No such local account.');
    if (!cred.totp_pending_enc) throw new AppError('invalid_request', 'No MFA enrolment is in progress.');
    const secret = openPendingSecret(box, userId, cred.totp_pending_enc);
    const step = verifyTotp(secret, code, now, null);
    if (step === null) throw new AppError('invalid_credentials', 'The verification code is not valid.');
    activateTotp(db, userId, sealTotpState(box, userId, { secret, lastStep: step }), now);
    replaceRecoveryCodes(db, userId, recoveryCodes.map(hashRecoveryCode));
  })(deps.clock.now());
  await deps.audit.record({
    action: 'auth.mfa.enrolled',
    actor: principal(userId),
    object: { type: 'user', id: userId },
    details: { method: 'totp' },
  });
  return { recoveryCodes };
}
