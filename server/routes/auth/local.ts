import Router from '@koa/router';
import { z } from 'zod';
import { createSession, endSession } from '../../auth/sessions.js';
import { localLogin } from '../../commands/localLogin.js';
import { beginMfaEnrollment, confirmMfaEnrollment } from '../../commands/localMfa.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { authenticated, publicRoute } from '../../http/middleware/guard.js';
import { jsonBody } from '../../http/middleware/jsonBody.js';
import { validate } from '../../http/middleware/validate.js';
import { readSessionCookie, setSessionCookie } from '../../http/sessionCookie.js';
import type { AppState } from '../../http/types.js';

const loginSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional(),
    recovery_code: z.string().min(1).max(64).optional(),
  })
  .strict();
const confirmSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();

/** Local (break-glass) sign-in with argon2id and TOTP, and self-service MFA enrolment. */
export function localAuthRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>();
  const body = jsonBody(deps.config.server.bodyLimitBytes);
  const cookies = deps.config.auth.sessions;
  const loginDeps = {
    db: deps.db,
    clock: deps.clock,
    config: deps.config.auth.local,
    box: deps.secretBox,
    audit: deps.audit,
  };

  router.post('/auth/local/login', publicRoute(), body, validate(loginSchema), async (ctx) => {
    const input = ctx.state.body as z.infer<typeof loginSchema>;
    const result = await localLogin(loginDeps, {
      username: input.username,
      password: input.password,
      totp: input.totp,
      recoveryCode: input.recovery_code,
      // The socket's address: Parley does not trust forwarded headers (server.proxy is off).
      ip: ctx.ip,
    });
    if (result.status === 'mfa_enrollment_required') {
      throw new AppError(
        'mfa_required',
        'Multi-factor authentication is required for local accounts and is not set up for this one; an administrator enrols it with `parley user mfa enroll`.',
      );
    }
    // A session id presented before login is ended, and a new one is issued: no fixation.
    const previous = readSessionCookie(ctx, cookies);
    if (previous) endSession(deps, previous, 'replaced_at_login');
    const session = createSession(
      { db: deps.db, clock: deps.clock, config: cookies },
      result.userId,
      'local',
    );
    setSessionCookie(ctx, cookies, session.cookieValue);
    ctx.body = {
      user_id: result.userId,
      session_id: session.publicId,
      csrf_token: session.csrfToken,
      expires_at: new Date(session.expiresAt).toISOString(),
    };
  });

  router.post('/auth/mfa/enroll', authenticated(deps), async (ctx) => {
    const enrolment = await beginMfaEnrollment(loginDeps, actorOf(ctx).userId);
    // Shown once: the secret is not retrievable afterwards.
    ctx.body = { otpauth_uri: enrolment.otpauthUri, qr_svg: enrolment.qrSvg };
  });

  router.post('/auth/mfa/confirm', authenticated(deps), body, validate(confirmSchema), async (ctx) => {
    const { code } = ctx.state.body as z.infer<typeof confirmSchema>;
    const { recoveryCodes } = await confirmMfaEnrollment(loginDeps, actorOf(ctx).userId, code);
    ctx.body = { recovery_codes: recoveryCodes };
  });

  return router;
}
