import { createHash, randomBytes } from 'node:crypto';
import Router from '@koa/router';
import { z } from 'zod';
import { principal } from '../../audit/events.js';
import type { OidcConnector } from '../../auth/oidcConnector.js';
import { createSession } from '../../auth/sessions.js';
import { completeOidcLogin } from '../../commands/completeOidcLogin.js';
import type { Deps } from '../../deps.js';
import { AppError, isAppError } from '../../errors.js';
import { clearLoginCookie, readLoginCookie, setLoginCookie } from '../../http/loginCookie.js';
import { publicRoute } from '../../http/middleware/guard.js';
import { validate } from '../../http/middleware/validate.js';
import { setSessionCookie } from '../../http/sessionCookie.js';
import type { AppState } from '../../http/types.js';
import { insertPending, takePending } from '../../storage/oidcPending.js';

const PENDING_MAX_AGE_MS = 10 * 60_000;
const sha256 = (v: string) => createHash('sha256').update(v, 'utf8').digest('hex');

// Only same-site relative paths: an absolute or scheme-relative URL here would turn the
// callback into an open redirect (attacker-controlled query parameter).
const returnTo = z
  .string()
  .max(512)
  .regex(/^\/(?![/\\])[^\s]*$/, 'a path on this server, starting with a single "/"')
  .default('/');
const loginQuery = z.object({ return_to: returnTo }).strict();

function connector(deps: Deps): OidcConnector {
  if (!deps.oidc)
    throw new AppError('oidc_not_configured', 'Single sign-on is not configured on this server.');
  return deps.oidc;
}

/** `/auth/oidc/login` and `/auth/oidc/callback`: Authorization Code flow with PKCE. */
export function oidcRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/auth/oidc' });
  const cookies = deps.config.auth.sessions;

  router.get('/login', publicRoute(), validate(loginQuery, 'query'), (ctx) => {
    const { url, pending } = connector(deps).require().startLogin();
    const browser = randomBytes(32).toString('base64url');
    insertPending(
      deps.db,
      {
        state_hash: sha256(pending.state),
        browser_hash: sha256(browser),
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        return_to: (ctx.state.body as z.infer<typeof loginQuery>).return_to,
        created_at: deps.clock.now(),
      },
      PENDING_MAX_AGE_MS,
    );
    setLoginCookie(ctx, cookies, browser);
    ctx.redirect(url);
  });

  router.get('/callback', publicRoute(), async (ctx) => {
    const client = connector(deps).require();
    const settings = deps.config.auth.oidc;
    if (!settings)
      throw new AppError('oidc_not_configured', 'Single sign-on is not configured on this server.');
    // Everything in the query is attacker-controlled; openid-client checks state, the code's
    // PKCE binding, the ID token's signature, issuer, audience, expiry and nonce.
    const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    const browser = readLoginCookie(ctx, cookies) ?? '';
    const row = state
      ? takePending(deps.db, sha256(state), sha256(browser), deps.clock.now(), PENDING_MAX_AGE_MS)
      : undefined;
    clearLoginCookie(ctx, cookies);
    const callbackUrl = new URL(settings.redirectUri);
    callbackUrl.search = ctx.querystring;
    let identity: Awaited<ReturnType<typeof client.finishLogin>>;
    try {
      identity = await client.finishLogin(
        callbackUrl,
        row && { state, nonce: row.nonce, codeVerifier: row.code_verifier },
      );
    } catch (err) {
      // Who tried is unknown until the IdP's answer verifies; the entry still records the try.
      const who = principal(undefined, 'oidc');
      await deps.audit.record({
        action: 'auth.login.failed',
        actor: who,
        object: { type: 'user', id: who.userId },
        outcome: 'denied',
        reason: isAppError(err) ? err.code : 'error',
        details: { method: 'oidc' },
      });
      throw err;
    }
    const { userId } = await completeOidcLogin(
      { db: deps.db, clock: deps.clock, audit: deps.audit },
      identity,
    );
    const session = createSession({ db: deps.db, clock: deps.clock, config: cookies }, userId, 'oidc');
    setSessionCookie(ctx, cookies, session.cookieValue);
    ctx.status = 303;
    ctx.redirect(row?.return_to ?? '/');
  });

  return router;
}
