import type { Config } from '../config/schema.js';
import type { AppContext } from './types.js';

/**
 * The session cookie. `__Host-` makes browsers insist on Secure, Path=/ and no Domain, so
 * no sibling host or plain-HTTP page can set or read it. Only loopback tests over plain
 * HTTP may turn Secure off (`auth.sessions.insecureCookiesForTesting`), and then the
 * prefix, which would be meaningless, is dropped too.
 */
export function sessionCookieName(config: Config['auth']['sessions']): string {
  return config.insecureCookiesForTesting ? 'parley_session' : '__Host-parley_session';
}

/** Reads one cookie from the request (attacker-controlled header). */
export function readCookie(ctx: AppContext, name: string): string | undefined {
  for (const part of (ctx.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq >= 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Reads the session cookie from the request. */
export function readSessionCookie(ctx: AppContext, config: Config['auth']['sessions']): string | undefined {
  return readCookie(ctx, sessionCookieName(config));
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure, lifetime = absolute timeout. */
export function setSessionCookie(ctx: AppContext, config: Config['auth']['sessions'], value: string): void {
  const attrs = [
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(config.absoluteTimeoutMs / 1000)}`,
  ];
  if (!config.insecureCookiesForTesting) attrs.push('Secure');
  ctx.append('Set-Cookie', `${sessionCookieName(config)}=${value}; ${attrs.join('; ')}`);
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(ctx: AppContext, config: Config['auth']['sessions']): void {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (!config.insecureCookiesForTesting) attrs.push('Secure');
  ctx.append('Set-Cookie', `${sessionCookieName(config)}=; ${attrs.join('; ')}`);
}
