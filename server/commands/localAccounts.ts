import type { Auditor } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import { argon2Params, checkPasswordRules, hashPassword, verifyPassword } from '../auth/local/password.js';
import { accountKey } from '../auth/local/throttle.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import {
  clearTotp,
  getLocalAccountName,
  getLocalCredential,
  insertLocalCredential,
  updatePasswordHash,
} from '../storage/localCredentials.js';
import { deleteLoginThrottle } from '../storage/loginThrottle.js';
import { replaceRecoveryCodes } from '../storage/recoveryCodes.js';
import { grantUserRole } from '../storage/userRoles.js';
import { ensureUser, findUserByUsername } from '../storage/users.js';

/** What the local account commands need. */
export interface LocalAccountDeps {
  db: Db;
  clock: Clock;
  config: Config['auth']['local'];
  audit: Auditor;
}

/** Same rule as API-token users (server/commands/apiTokens.ts). */
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) {
    throw new AppError('invalid_request', 'A username is 1-64 letters, digits, ".", "_", "@" or "-".');
  }
}

function localUserId(db: Db, username: string): string {
  const user = findUserByUsername(db, username);
  if (!user || !getLocalCredential(db, user.id))
    throw new AppError('user_not_found', `No local account ${username}.`);
  return user.id;
}

/**
 * Creates a local (break-glass) account with an argon2id password hash and the given
 * roles (already checked against the policy by the caller). Hashing comes first; the user,
 * credential and roles are then written in one transaction.
 */
export async function createLocalUser(
  deps: LocalAccountDeps,
  operator: Actor,
  input: { username: string; password: string; roles: string[] },
): Promise<{ userId: string }> {
  const { db, clock, config } = deps;
  checkUsername(input.username);
  checkPasswordRules(input.username, input.password);
  const exists = () => {
    if (findUserByUsername(db, input.username)) {
      throw new AppError('user_exists', `A user named ${input.username} already exists.`);
    }
  };
  exists(); // before the slow hash, and again inside the transaction
  const hash = await hashPassword(input.password, argon2Params(config));
  const created = db.transaction((now: number) => {
    exists();
    const user = ensureUser(db, input.username, now);
    insertLocalCredential(db, user.id, hash, now);
    for (const role of input.roles) grantUserRole(db, user.id, role, operator.userId, now);
    return { userId: user.id };
  })(clock.now());
  await deps.audit.record({
    action: 'user.provisioned',
    actor: operator,
    object: { type: 'user', id: created.userId },
    details: { method: 'local', role_count: input.roles.length },
  });
  return created;
}

/** Lifts a lock and forgets failures and back-off of a local account (administrator). */
export async function unlockAccount(
  deps: Pick<LocalAccountDeps, 'db' | 'audit'>,
  operator: Actor,
  username: string,
): Promise<void> {
  const userId = localUserId(deps.db, username);
  deleteLoginThrottle(deps.db, accountKey(userId));
  await deps.audit.record({
    action: 'auth.account.unlocked',
    actor: operator,
    object: { type: 'user', id: userId },
    reason: 'admin',
  });
}

/**
 * Sets a new password for a local account (administrator reset, e.g. from the CLI). The
 * caller should end the account's sessions afterwards.
 */
export async function resetPassword(
  deps: LocalAccountDeps,
  _operator: Actor,
  input: { username: string; newPassword: string },
): Promise<void> {
  checkPasswordRules(input.username, input.newPassword);
  const userId = localUserId(deps.db, input.username);
  const hash = await hashPassword(input.newPassword, argon2Params(deps.config));
  updatePasswordHash(deps.db, userId, hash, deps.clock.now());
}

/**
 * A signed-in user changes their own password; the current one must be given.
 * A wrong current password is `invalid_credentials`.
 */
export async function changePassword(
  deps: LocalAccountDeps,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const cred = getLocalCredential(deps.db, input.userId);
  const username = getLocalAccountName(deps.db, input.userId);
  if (!cred || username === undefined) throw new AppError('user_not_found', 'No such local account.');
  if (!(await verifyPassword(cred.password_hash, input.currentPassword))) {
    throw new AppError('invalid_credentials', 'The current password is not correct.');
  }
  checkPasswordRules(username, input.newPassword);
  const hash = await hashPassword(input.newPassword, argon2Params(deps.config));
  // Compare-and-swap: of two concurrent changes, the second must prove the new password.
  if (!updatePasswordHash(deps.db, input.userId, hash, deps.clock.now(), cred.password_hash)) {
    throw new AppError('invalid_credentials', 'The password was changed meanwhile; try again.');
  }
}

/**
 * Turns MFA off for a local account and voids its recovery codes (administrator, after a
 * lost authenticator). With `auth.local.mfaRequired`, the next sign-in enrols again.
 */
export async function resetMfa(
  deps: Pick<LocalAccountDeps, 'db' | 'clock' | 'audit'>,
  operator: Actor,
  username: string,
): Promise<void> {
  const userId = localUserId(deps.db, username);
  deps.db.transaction(() => {
    clearTotp(deps.db, userId, deps.clock.now());
    replaceRecoveryCodes(deps.db, userId, []);
  })();
  await deps.audit.record({
    action: 'auth.mfa.reset',
    actor: operator,
    object: { type: 'user', id: userId },
  });
}
