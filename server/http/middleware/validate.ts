import type { Next } from 'koa';
import type { z } from 'zod';
import { AppError, type AppErrorCode } from '../../errors.js';
import type { AppContext } from '../types.js';

/**
 * Validates `ctx.state.body` (or the query string with `from: 'query'`) against a zod
 * schema; every problem is listed in one 400. A custom issue may carry
 * `params.appCode` to give a more specific code (e.g. `message_too_long`).
 */
export function validate(schema: z.ZodType, from: 'body' | 'query' = 'body') {
  return async (ctx: AppContext, next: Next) => {
    const parsed = schema.safeParse(from === 'body' ? ctx.state.body : { ...ctx.query });
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const first = issues[0];
      const list = issues.map((i) => `${i.path.join('.') || `(${from})`}: ${i.message}`).join('; ');
      const custom =
        first && 'params' in first ? (first.params as { appCode?: AppErrorCode } | undefined) : undefined;
      throw new AppError(custom?.appCode ?? 'invalid_request', `Invalid request: ${list}`, {
        details: { param: first?.path.join('.') || undefined },
      });
    }
    ctx.state.body = parsed.data;
    await next();
  };
}
