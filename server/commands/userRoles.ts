import type { Auditor } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { PolicyBundle } from '../policy/index.js';
import { bundleRoles } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { grantUserRole, listUserRoles, revokeUserRole } from '../storage/userRoles.js';
import { findUserByUsername } from '../storage/users.js';

/** What the role commands need. */
export interface RoleDeps {
  db: Db;
  clock: Clock;
  policy: PolicyBundle;
  audit: Auditor;
}

function userIdOf(db: Db, username: string): string {
  const user = findUserByUsername(db, username);
  if (!user) throw new AppError('user_not_found', `No user ${username}.`);
  return user.id;
}

/** Assigns a role defined in the policy bundle to a local user. */
export async function grantRole(
  deps: RoleDeps,
  operator: Actor,
  input: { username: string; role: string },
): Promise<boolean> {
  if (!bundleRoles(deps.policy).includes(input.role)) {
    throw new AppError(
      'invalid_request',
      `Role ${input.role} is not defined in the policy bundle (${bundleRoles(deps.policy).join(', ')}).`,
    );
  }
  const userId = userIdOf(deps.db, input.username);
  const changed = grantUserRole(deps.db, userId, input.role, operator.userId, deps.clock.now());
  if (changed) await recordRoleChange(deps.audit, operator, userId, input.role, 'granted');
  return changed;
}

function recordRoleChange(
  audit: Auditor,
  operator: Actor,
  userId: string,
  role: string,
  change: 'granted' | 'revoked',
): Promise<void> {
  return audit.record({
    action: 'user.roles_changed',
    actor: operator,
    object: { type: 'user', id: userId },
    details: { role, change },
  });
}

/** Removes a locally assigned role. */
export async function revokeRole(
  deps: Pick<RoleDeps, 'db' | 'audit'>,
  operator: Actor,
  input: { username: string; role: string },
): Promise<boolean> {
  const userId = userIdOf(deps.db, input.username);
  const changed = revokeUserRole(deps.db, userId, input.role);
  if (changed) await recordRoleChange(deps.audit, operator, userId, input.role, 'revoked');
  return changed;
}

/** A user's locally assigned roles. */
export function listRoles(deps: Pick<RoleDeps, 'db'>, _operator: Actor, username: string): string[] {
  return listUserRoles(deps.db, userIdOf(deps.db, username));
}
