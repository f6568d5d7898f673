import type { Next } from 'koa';
import { AppError } from '../../errors.js';
import { presentError } from '../../presenters/error.js';
import type { AppContext } from '../types.js';

/**
 * The one place errors become responses, in OpenAI's shape
 * `{"error": {"message", "type", "code", "param"}}` plus the request id. Unknown errors
 * become a generic 500; their details go to the log only.
 */
export function errorHandler() {
  return async (ctx: AppContext, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.respond !== false) {
        throw new AppError('route_not_found', `No route ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const presented = presentError(err, ctx.state.requestId);
      const code = presented.body.error.code;
      if (presented.status >= 500) ctx.state.log?.error({ err, code }, 'request failed');
      else ctx.state.log?.info({ code, status: presented.status }, 'request rejected');
      // A stream already under way cannot change its status; its writer reports the error.
      if (ctx.res.headersSent || ctx.respond === false) return;
      ctx.status = presented.status;
      if (presented.retryAfterSeconds !== undefined)
        ctx.set('Retry-After', String(presented.retryAfterSeconds));
      if (presented.status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="parley"');
      ctx.body = presented.body;
    }
  };
}
