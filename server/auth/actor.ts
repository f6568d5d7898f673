/**
 * Who is making a request. Every way of signing in (API token now, browser session and
 * SSO later) produces this same shape, so routes and commands never care how.
 */
export interface Actor {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  /** How the actor authenticated, for the audit log. */
  readonly via: 'api_token' | 'cli';
  /** The API token used, when `via` is `api_token`. */
  readonly tokenId?: string;
}
