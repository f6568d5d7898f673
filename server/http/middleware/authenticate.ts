import type { Actor } from '../../auth/actor.js';
import { authenticateToken } from '../../auth/authenticateToken.js';
import { csrfTokenMatches, validateSession } from '../../auth/sessions.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import { readSessionCookie } from '../sessionCookie.js';
import type { AppContext } from '../types.js';

/** What authentication needs. */
export interface AuthDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'auth'>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates the request and sets `ctx.state.actor`: an API token
 * (`Authorization: Bearer`, for API clients) or a session cookie (browsers). Both produce
 * the same `Actor`. Cookie-authenticated state-changing requests must also pass the CSRF
 * checks; bearer tokens are not ambient credentials and need none.
 */
export function authenticateRequest(ctx: AppContext, deps: AuthDeps): Actor {
  const header = ctx.get('authorization');
  if (header) {
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match?.[1])
      throw new AppError('unauthenticated', 'Send an API token: Authorization: Bearer <token>.');
    return setActor(ctx, authenticateToken(deps.db, match[1], deps.clock.now()));
  }
  const cookie = readSessionCookie(ctx, deps.config.auth.sessions);
  if (cookie === undefined) {
    throw new AppError('unauthenticated', 'Sign in, or send an API token: Authorization: Bearer <token>.');
  }
  const session = validateSession(
    { db: deps.db, clock: deps.clock, config: deps.config.auth.sessions },
    cookie,
  );
  if (!SAFE_METHODS.has(ctx.method)) checkCsrf(ctx, session.row.csrf_token);
  ctx.state.csrfToken = session.row.csrf_token;
  ctx.state.sessionMethod = session.row.auth_method;
  return setActor(ctx, session.actor);
}

function setActor(ctx: AppContext, actor: Actor): Actor {
  ctx.state.actor = actor;
  return actor;
}

/**
 * Two independent checks (OWASP): the request must come from our own origin (Origin, or
 * Sec-Fetch-Site when a browser sends no Origin), and carry the session's synchronizer token
 * in `X-CSRF-Token`. Either failing is a 403 `csrf_failed`.
 */
export function checkCsrf(ctx: AppContext, expectedToken: string): void {
  const origin = ctx.get('origin');
  const fetchSite = ctx.get('sec-fetch-site');
  const ownOrigin = `${ctx.protocol}://${ctx.host}`;
  const sameOrigin = origin ? origin === ownOrigin : fetchSite === 'same-origin';
  if (!sameOrigin) throw new AppError('csrf_failed', 'Cross-site request refused.');
  if (!csrfTokenMatches(ctx.get('x-csrf-token') || undefined, expectedToken)) {
    throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header.');
  }
}

/** The authenticated actor; only valid after the route's guard ran. */
export function actorOf(ctx: AppContext): Actor {
  const actor = ctx.state.actor;
  if (!actor) throw new AppError('unauthenticated', 'Authentication required.');
  return actor;
}
