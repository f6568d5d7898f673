import type { ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.js';
import type { PolicyBundle } from '../policy/index.js';

/** Per-request state every middleware may read. */
export interface AppState {
  requestId: string;
  log: Logger;
  /** Set by `authenticate()`; routes after it can rely on it. */
  actor?: Actor;
  /** The session's CSRF token, when authenticated by cookie. */
  csrfToken?: string;
  /** How the cookie session was started, when authenticated by cookie. */
  sessionMethod?: 'oidc' | 'local';
  /** The policy bundle this request is decided under (read once, by the guard). */
  policy?: PolicyBundle;
  /** The parsed, validated JSON body (set by `jsonBody()` + `validate()`). */
  body?: unknown;
}

/** The Koa context used throughout the HTTP layer. */
export type AppContext = ParameterizedContext<AppState>;
