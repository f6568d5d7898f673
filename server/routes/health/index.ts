import Router from '@koa/router';
import type { Deps } from '../../deps.js';
import { guard, publicRoute } from '../../http/middleware/guard.js';
import type { AppState } from '../../http/types.js';
import { presentAuditHealth } from '../../presenters/auditHealth.js';
import { isWritable } from '../../storage/db.js';

/** `/healthz` (alive), `/readyz` (model loaded, database writable) and `/metrics`. */
export function healthRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/healthz', publicRoute(), (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', publicRoute(), (ctx) => {
    const stats = deps.engine.stats();
    const dbOk = isWritable(deps.db);
    const audit = deps.auditLog.health.state;
    const ready = deps.engine.ready && dbOk && !deps.lifecycle.draining && deps.auditLog.health.serving;
    ctx.status = ready ? 200 : 503;
    ctx.body = {
      status: ready ? 'ready' : 'not_ready',
      model: deps.engine.chat.entry.id,
      embedding_model: deps.engine.embedding.entry.id,
      // Non-empty while documents are re-embedded after a model change (their vectors answer).
      previous_embedding_models: deps.engine.embedders.slice(1).map((e) => e.entry.id),
      model_loaded: deps.engine.ready,
      database_writable: dbOk,
      draining: deps.lifecycle.draining,
      threads: stats.threads,
      sequences_total: stats.sequencesTotal,
      sequences_in_use: stats.sequencesInUse,
      queue_depth: stats.queueDepth,
      policy_hash: deps.policy.current.hash,
      audit: presentAuditHealth(audit, deps.auditLog.store.size(), deps.auditLog.schedule.signedSize),
      // SSO being down does not make Parley unready: break-glass accounts and tokens still work.
      oidc: deps.oidc ? (deps.oidc.status() ?? 'ready') : 'not_configured',
    };
  });

  // Metrics reveal usage patterns, so scraping needs a token like any other API call.
  router.get('/metrics', guard(deps, 'metrics:read'), async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });

  return router;
}
