import { type Auditor, principal } from '../audit/events.js';
import {
  argon2Params,
  dummyHash,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../auth/local/password.js';
import { hashRecoveryCode, looksLikeRecoveryCode } from '../auth/local/recoveryCodes.js';
import type { SecretBox } from '../auth/local/secretBox.js';
import {
  accountKey,
  afterFailure,
  backoffMs,
  effectiveRow,
  ipKey,
  lockRemainingMs,
  toRetryAfterSeconds,
  unknownNameKey,
  waitMs,
} from '../auth/local/throttle.js';
import { verifyTotp } from '../auth/local/totp.js';
import { openTotpState, sealTotpState } from '../auth/local/totpState.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import { getLocalCredential, updatePasswordHash, updateTotpState } from '../storage/localCredentials.js';
import { deleteLoginThrottle, getLoginThrottle, putLoginThrottle } from '../storage/loginThrottle.js';
import { consumeRecoveryCode, countUnusedRecoveryCodes } from '../storage/recoveryCodes.js';
import { findUserByUsername } from '../storage/users.js';

/** What a local sign-in needs. */
export interface LocalLoginDeps {
  db: Db;
  clock: Clock;
  config: Config['auth']['local'];
  box: SecretBox;
  audit: Auditor;
}

export type LocalLoginResult =
  | { status: 'ok'; userId: string }
  /** Password right, `mfaRequired` on, no MFA yet: the caller may only let the user enrol. */
  | { status: 'mfa_enrollment_required'; userId: string };

// One message for an unknown user and a wrong password (and a disabled account), so the
// response does not tell which accounts exist.
const BAD_CREDENTIALS = 'Invalid username or password.';
const BAD_CODE = 'The verification code is not valid.';

/**
 * Signs in a local account. Order matters:
 * 1. back-off (account and IP): refused before any password check;
 * 2. argon2 verification, against a dummy hash with the same parameters for unknown users;
 * 3. lock — revealed only now, after a correct password;
 * 4. second factor, replay check and all writes in one synchronous transaction;
 * 5. transparent re-hash when the configured argon2 parameters were raised.
 * Every failure throws an AppError; nothing here sleeps or holds a transaction across an await.
 */
export async function localLogin(
  deps: LocalLoginDeps,
  input: { username: string; password: string; totp?: string; recoveryCode?: string; ip: string },
): Promise<LocalLoginResult> {
  const { db, clock, config } = deps;
  const failed = (reason: string, locked = false) =>
    auditFailure(deps, userId, input.username, reason, locked);
  if (!config.enabled) throw new AppError('invalid_credentials', 'Local sign-in is disabled.');
  const params = argon2Params(config);

  const user = findUserByUsername(db, input.username);
  const cred = user && user.disabled_at === null ? getLocalCredential(db, user.id) : undefined;
  const userId = cred?.user_id;
  const aKey = userId ? accountKey(userId) : unknownNameKey(input.username);
  const iKey = ipKey(input.ip);

  // 1. Back-off. The account's next slot is reserved before the slow check, so parallel
  // requests cannot all slip in while the first is still hashing. (The IP key is only
  // checked, not reserved: people behind one hospital NAT would otherwise block each other.)
  const wait = db.transaction((now: number) => {
    const aRow = effectiveRow(getLoginThrottle(db, aKey), now, config);
    const iRow = effectiveRow(getLoginThrottle(db, iKey), now, config);
    const ms = Math.max(waitMs(aRow, now), waitMs(iRow, now));
    if (ms === 0) {
      const failures = aRow?.failures ?? 0;
      putLoginThrottle(db, {
        key: aKey,
        failures,
        last_failure_at: aRow?.last_failure_at ?? now,
        next_allowed_at: now + backoffMs(failures + 1, config),
        locked_at: aRow?.locked_at ?? null,
      });
    }
    return ms;
  })(clock.now());
  if (wait > 0) {
    await failed('backoff');
    throw new AppError('invalid_credentials', 'Too many failed sign-in attempts; try again later.', {
      details: { retryAfterSeconds: toRetryAfterSeconds(wait) },
    });
  }

  // 2. Password. Same argon2 work whether or not the account exists.
  const matches = await verifyPassword(cred?.password_hash ?? dummyHash(params), input.password);
  if (!cred || !userId || !matches) {
    const locked = recordFailure(deps, aKey, iKey, userId);
    await failed(cred ? 'bad_password' : 'unknown_user', locked);
    throw new AppError('invalid_credentials', BAD_CREDENTIALS);
  }

  // 3. Lock. Deliberately revealed only after a correct password: telling "locked" to
  // anyone would let an attacker find real accounts by locking them (unknown names never
  // lock), and a guesser without the password learns nothing from it.
  const afterHash = clock.now();
  const lockMs = lockRemainingMs(
    effectiveRow(getLoginThrottle(db, aKey), afterHash, config),
    afterHash,
    config,
  );
  if (lockMs !== null) {
    releaseReservation(deps, aKey);
    await failed('locked');
    throw new AppError('account_locked', 'This account is locked after too many failed attempts.', {
      details: Number.isFinite(lockMs) ? { retryAfterSeconds: toRetryAfterSeconds(lockMs) } : {},
    });
  }

  // 4. Second factor and bookkeeping.
  const mfaOn = cred.mfa_enabled_at !== null && cred.totp_secret_enc !== null;
  if (mfaOn && !input.totp && !input.recoveryCode) {
    releaseReservation(deps, aKey);
    throw new AppError('mfa_required', 'Enter the code from your authenticator app or a recovery code.');
  }
  const outcome = db.transaction((now: number): { ok: true } | { ok: false; locked: boolean } => {
    if (mfaOn) {
      const ok = input.totp
        ? acceptTotp(deps, userId, input.totp, now)
        : acceptRecoveryCode(db, userId, input, now);
      if (!ok) return { ok: false, locked: recordFailure(deps, aKey, iKey, userId) };
    }
    // A success forgets this account's and this address's failures.
    deleteLoginThrottle(db, aKey);
    deleteLoginThrottle(db, iKey);
    return { ok: true };
  })(clock.now());
  if (!outcome.ok) {
    await failed(input.totp ? 'bad_totp' : 'bad_recovery_code', outcome.locked);
    throw new AppError('invalid_credentials', BAD_CODE);
  }
  if (mfaOn && !input.totp) {
    await deps.audit.record({
      action: 'auth.recovery_code.used',
      actor: principal(userId),
      object: { type: 'user', id: userId },
      details: { remaining_count: countUnusedRecoveryCodes(db, userId) },
    });
  }

  // 5. Re-hash with the stronger parameters; compare-and-swap, so a concurrent password
  // change wins. Failing here must not fail a sign-in that already succeeded.
  if (needsRehash(cred.password_hash, params)) {
    try {
      const stronger = await hashPassword(input.password, params);
      updatePasswordHash(db, userId, stronger, clock.now(), cred.password_hash);
    } catch {
      // keep the old hash; the next sign-in tries again
    }
  }

  const enrol = !mfaOn && config.mfaRequired;
  // Recorded before the caller creates a session: no session without its sign-in entry.
  await deps.audit.record({
    action: 'auth.login.succeeded',
    actor: principal(userId),
    object: { type: 'user', id: userId },
    reason: enrol ? 'mfa_enrollment_required' : mfaOn ? (input.totp ? 'totp' : 'recovery_code') : 'password',
    details: { method: 'local' },
  });
  return { status: enrol ? 'mfa_enrollment_required' : 'ok', userId };
}

/**
 * Counts a failure against the account (or unknown name) and the IP, in one transaction (it
 * may run inside the caller's); returns true when this failure locked the account.
 */
function recordFailure(
  deps: LocalLoginDeps,
  aKey: string,
  iKey: string,
  userId: string | undefined,
): boolean {
  const { db, clock, config } = deps;
  const newlyLocked = db.transaction((now: number) => {
    const a = afterFailure(
      aKey,
      effectiveRow(getLoginThrottle(db, aKey), now, config),
      now,
      config,
      !!userId,
    );
    const i = afterFailure(iKey, effectiveRow(getLoginThrottle(db, iKey), now, config), now, config, false);
    putLoginThrottle(db, a.row);
    putLoginThrottle(db, i.row);
    return a.newlyLocked;
  })(clock.now());
  return newlyLocked;
}

/**
 * Records a failed sign-in (and a lock it caused) before the refusal is answered. An unknown
 * name is recorded as the pseudonym of `name:<the name tried>` (FORMAT.md §6), never the name.
 */
async function auditFailure(
  deps: LocalLoginDeps,
  userId: string | undefined,
  loginName: string,
  reason: string,
  locked: boolean,
): Promise<void> {
  const who = principal(userId, loginName);
  const object = { type: 'user' as const, id: who.userId };
  await deps.audit.record({
    action: 'auth.login.failed',
    actor: who,
    object,
    outcome: 'denied',
    reason,
    details: { method: 'local' },
  });
  if (locked) {
    await deps.audit.record({ action: 'auth.account.locked', actor: who, object, reason: 'failures' });
  }
}

/** Gives back the slot reserved in step 1 when the attempt was neither a success nor a failure. */
function releaseReservation(deps: LocalLoginDeps, aKey: string): void {
  const { db, config } = deps;
  db.transaction(() => {
    const row = getLoginThrottle(db, aKey);
    if (!row) return; // an administrator unlocked it meanwhile
    if (row.failures === 0 && row.locked_at === null) deleteLoginThrottle(db, aKey);
    else
      putLoginThrottle(db, {
        ...row,
        next_allowed_at: row.last_failure_at + backoffMs(row.failures, config),
      });
  })();
}

/** Checks a TOTP code (attacker-supplied) and records its step; call inside a transaction. */
function acceptTotp(deps: LocalLoginDeps, userId: string, code: string, now: number): boolean {
  const sealed = getLocalCredential(deps.db, userId)?.totp_secret_enc;
  if (!sealed) return false;
  const state = openTotpState(deps.box, userId, sealed);
  const step = verifyTotp(state.secret, code, now, state.lastStep);
  if (step === null) return false;
  return updateTotpState(
    deps.db,
    userId,
    sealTotpState(deps.box, userId, { ...state, lastStep: step }),
    sealed,
  );
}

function acceptRecoveryCode(db: Db, userId: string, input: { recoveryCode?: string }, now: number): boolean {
  const code = input.recoveryCode ?? '';
  return looksLikeRecoveryCode(code) && consumeRecoveryCode(db, userId, hashRecoveryCode(code), now);
}
