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
}

function userIdOf(db: Db, username: string): string {
  const user = findUserByUsername(db, username);
  if (!user) throw new AppError('user_not_found', `No user ${username}.`);
  return user.id;
}

/** Assigns a role defined in the policy bundle to a local user. */
export function grantRole(
  deps: RoleDeps,
  operator: Actor,
  input: { username: string; role: string },
): boolean {
  if (!bundleRoles(deps.policy).includes(input.role)) {
    throw new AppError(
      'invalid_request',
      `Role ${input.role} is not defined in the policy bundle (${bundleRoles(deps.policy).join(', ')}).`,
    );
  }
  return grantUserRole(
    deps.db,
    userIdOf(deps.db, input.username),
    input.role,
    operator.userId,
    deps.clock.now(),
  );
}

/** Removes a locally assigned role. */
export function revokeRole(
  deps: Pick<RoleDeps, 'db'>,
  _operator: Actor,
  input: { username: string; role: string },
): boolean {
  return revokeUserRole(deps.db, userIdOf(deps.db, input.username), input.role);
}

/** A user's locally assigned roles. */
export function listRoles(deps: Pick<RoleDeps, 'db'>, _operator: Actor, username: string): string[] {
  return listUserRoles(deps.db, userIdOf(deps.db, username));
}
