/**
 * Who is making a request. Every way of signing in (API token now, browser session and
 * SSO later) produces this same shape, so routes and commands never care how.
 */
export interface Actor {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  /** How the actor authenticated, for the audit log. */
  readonly via: 'api_token' | 'session' | 'cli';
  /** The API token used, when `via` is `api_token`. */
  readonly tokenId?: string;
  /** The session's public id, when `via` is `session`. */
  readonly sessionId?: string;
  /** Roles assigned locally (`parley user role grant`), checked against the bundle's roles. */
  readonly roles?: readonly string[];
  /** Groups from the identity provider (none for API tokens). */
  readonly groups?: readonly string[];
  /** Claims used by policy conditions, such as `department`. */
  readonly attributes?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}
