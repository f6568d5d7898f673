import type { Next } from 'koa';
import type { Actor } from '../../auth/actor.js';
import { authenticateToken } from '../../auth/authenticateToken.js';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { AppContext } from '../types.js';

/** Requires `Authorization: Bearer <token>` and sets `ctx.state.actor`. */
export function authenticate(db: Db, clock: Clock) {
  return async (ctx: AppContext, next: Next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError('unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
    }
    ctx.state.actor = authenticateToken(db, match[1], clock.now());
    await next();
  };
}

/** The authenticated actor; only valid after `authenticate()` ran for this route. */
export function actorOf(ctx: AppContext): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw new AppError('unauthenticated', 'Authentication required.');
  return actor;
}
