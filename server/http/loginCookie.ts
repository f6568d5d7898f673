import type { Config } from '../config/schema.js';
import { readCookie } from './sessionCookie.js';
import type { AppContext } from './types.js';

/**
 * A short-lived cookie binding an OIDC login in progress to the browser that started it
 * (RFC 9700 §4.7.1: CSRF protection of the redirect). SameSite=Lax still sends it on the
 * IdP's top-level redirect back to the callback.
 */
function name(config: Config['auth']['sessions']): string {
  return config.insecureCookiesForTesting ? 'parley_login' : '__Host-parley_login';
}

/** Sets the login-binding cookie for ten minutes. */
export function setLoginCookie(ctx: AppContext, config: Config['auth']['sessions'], value: string): void {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=600'];
  if (!config.insecureCookiesForTesting) attrs.push('Secure');
  ctx.append('Set-Cookie', `${name(config)}=${value}; ${attrs.join('; ')}`);
}

/** Reads the login-binding cookie (attacker-controlled header). */
export function readLoginCookie(ctx: AppContext, config: Config['auth']['sessions']): string | undefined {
  return readCookie(ctx, name(config));
}

/** Drops the login-binding cookie once the login is over. */
export function clearLoginCookie(ctx: AppContext, config: Config['auth']['sessions']): void {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (!config.insecureCookiesForTesting) attrs.push('Secure');
  ctx.append('Set-Cookie', `${name(config)}=; ${attrs.join('; ')}`);
}
