import type { Actor } from '../../auth/actor.js';
import { authenticateToken } from '../../auth/authenticateToken.js';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { AppContext } from '../types.js';

/**
 * Requires `Authorization: Bearer <token>` (attacker-controlled) and sets
 * `ctx.state.actor`. Browser sessions (issue 4) will produce the same `Actor`.
 */
export function authenticateRequest(ctx: AppContext, db: Db, clock: Clock): Actor {
  const header = ctx.get('authorization');
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  if (!match?.[1]) {
    throw new AppError('unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
  }
  const actor = authenticateToken(db, match[1], clock.now());
  ctx.state.actor = actor;
  return actor;
}

/** The authenticated actor; only valid after the route's guard ran. */
export function actorOf(ctx: AppContext): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw new AppError('unauthenticated', 'Authentication required.');
  return actor;
}
