import type { Next } from 'koa';
import type { AppContext } from '../types.js';

/**
 * Baseline headers for an API that serves no HTML: nothing may be framed, sniffed, cached
 * or loaded from it. No `Server` or `X-Powered-By` banner is ever sent.
 */
export function securityHeaders() {
  return async (ctx: AppContext, next: Next) => {
    ctx.set({
      'Content-Security-Policy':
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      'Cache-Control': 'no-store',
    });
    await next();
  };
}
