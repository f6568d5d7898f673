import type { Next } from 'koa';
import type { Metrics } from '../../observability/metrics.js';
import type { AppContext } from '../types.js';

/**
 * Access log line and request metrics per request. The route label is the route's
 * declared name (never the raw path, which would explode label cardinality).
 */
export function observe(metrics: Metrics) {
  return async (ctx: AppContext, next: Next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = { route: matchedRoute(ctx), method: ctx.method, status: String(ctx.status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      ctx.state.log?.info(
        { method: ctx.method, route: labels.route, status: ctx.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}

/** The router's pattern for the matched route (`/api/conversations/:id`), never the raw path. */
function matchedRoute(ctx: AppContext): string {
  const pattern = (ctx as AppContext & { _matchedRoute?: string | RegExp })._matchedRoute;
  return typeof pattern === 'string' ? pattern : 'unmatched';
}
