import Router from '@koa/router';
import { z } from 'zod';
import { listSessions, logout, revokeSession } from '../../commands/sessions.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { authenticated, guard } from '../../http/middleware/guard.js';
import { validate } from '../../http/middleware/validate.js';
import { clearSessionCookie, readSessionCookie } from '../../http/sessionCookie.js';
import type { AppState } from '../../http/types.js';
import { presentSession } from '../../presenters/session.js';

const listQuery = z.object({ user: z.string().min(1).max(200).optional() }).strict();
const sessionId = /^ses_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The caller's own session (`/auth/session`, `/auth/logout`) and the admin session API. */
export function sessionsRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>();
  const commandDeps = { db: deps.db, clock: deps.clock, audit: deps.audit };

  router.get('/auth/session', authenticated(deps), (ctx) => {
    const actor = actorOf(ctx);
    ctx.body = {
      user: { id: actor.userId, username: actor.username },
      via: actor.via,
      session_id: actor.sessionId ?? null,
      // Browsers send this back in X-CSRF-Token on every state-changing request.
      csrf_token: ctx.state.csrfToken ?? null,
    };
  });

  router.post('/auth/logout', authenticated(deps), async (ctx) => {
    const actor = actorOf(ctx);
    const cookie = readSessionCookie(ctx, deps.config.auth.sessions);
    if (actor.via !== 'session' || !cookie) {
      throw new AppError(
        'invalid_request',
        'Only a browser session can sign out; revoke API tokens instead.',
      );
    }
    await logout(commandDeps, actor, cookie);
    clearSessionCookie(ctx, deps.config.auth.sessions);
    // RP-initiated logout: a browser signed in through the IdP is also sent there to end the
    // IdP's own session, when the IdP supports it (OpenID RP-Initiated Logout 1.0).
    const logoutUrl = ctx.state.sessionMethod === 'oidc' ? deps.oidc?.endSessionUrl() : undefined;
    if (logoutUrl) ctx.body = { logout_url: logoutUrl };
    else ctx.status = 204;
  });

  router.get('/api/sessions', guard(deps, 'user:manage'), validate(listQuery, 'query'), (ctx) => {
    const q = ctx.state.body as z.infer<typeof listQuery>;
    ctx.body = { data: listSessions(deps, actorOf(ctx), q.user).map(presentSession) };
  });

  router.delete('/api/sessions/:id', guard(deps, 'user:manage'), async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!sessionId.test(id)) throw new AppError('not_found', `No live session ${id}.`);
    await revokeSession(commandDeps, actorOf(ctx), id);
    ctx.status = 204;
  });

  return router;
}
