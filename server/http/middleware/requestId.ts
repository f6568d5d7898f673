import { randomBytes } from 'node:crypto';
import type { Next } from 'koa';
import type { Logger } from 'pino';
import { withRequestContext } from '../../observability/requestContext.js';
import type { AppContext } from '../types.js';

// An inbound id is attacker-controlled: only short, plain ids are echoed and logged.
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (or keeps a safe inbound `X-Request-Id`), a child logger and a
 * request context (id, client address, user agent) that the audit log reads.
 */
export function requestId(logger: Logger) {
  return async (ctx: AppContext, next: Next) => {
    const inbound = ctx.get('x-request-id');
    const id = SAFE_ID.test(inbound) ? inbound : `req_${randomBytes(12).toString('base64url')}`;
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ reqId: id });
    ctx.set('X-Request-Id', id);
    const userAgent = ctx.get('user-agent').slice(0, 512) || undefined;
    await withRequestContext({ requestId: id, ip: ctx.ip, userAgent }, next);
  };
}
