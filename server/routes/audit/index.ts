import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import type { z } from 'zod';
import { exportAudit } from '../../commands/exportAudit.js';
import { searchAudit } from '../../commands/searchAudit.js';
import { verifyAudit } from '../../commands/verifyAudit.js';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../http/middleware/authenticate.js';
import { guard } from '../../http/middleware/guard.js';
import { jsonBody } from '../../http/middleware/jsonBody.js';
import { validate } from '../../http/middleware/validate.js';
import type { AppState } from '../../http/types.js';
import { presentAuditVerification } from '../../presenters/auditVerification.js';
import { auditExportBody, auditSearchQuery } from './schema.js';

/** The compliance officer's API over the audit log: search, verify, export. */
export function auditRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/audit' });
  const body = jsonBody(deps.config.server.bodyLimitBytes);

  router.get('/entries', guard(deps, 'audit:read'), validate(auditSearchQuery, 'query'), async (ctx) => {
    const q = ctx.state.body as z.infer<typeof auditSearchQuery>;
    const page = await searchAudit(deps, actorOf(ctx), {
      from: q.from,
      to: q.to,
      user: q.user,
      actor: q.actor,
      action: q.action,
      outcome: q.outcome,
      objectType: q.object_type,
      objectId: q.object_id,
      after: q.cursor,
      limit: q.limit,
    });
    ctx.body = { data: page.entries, next_cursor: page.nextCursor };
  });

  router.post('/verify', guard(deps, 'audit:read'), async (ctx) => {
    const actor = actorOf(ctx);
    const result = await verifyAudit(deps, (e) => deps.audit.record({ ...e, actor }));
    ctx.body = presentAuditVerification(result);
  });

  router.post('/exports', guard(deps, 'audit:export'), body, validate(auditExportBody), async (ctx) => {
    const input = ctx.state.body as z.infer<typeof auditExportBody>;
    const actor = actorOf(ctx);
    const dir = path.join(deps.config.dataDir, 'exports');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const outFile = path.join(dir, `audit-${randomUUID()}.tar`);
    try {
      const result = await exportAudit(deps, (e) => deps.audit.record({ ...e, actor }), {
        ...input,
        outFile,
      });
      ctx.set(
        'Content-Disposition',
        `attachment; filename="parley-audit-${result.from}-${result.to - 1}.tar"`,
      );
      ctx.set('X-Parley-Bundle-Sha256', result.sha256);
      ctx.type = 'application/x-tar';
      const stream = createReadStream(outFile);
      // The bundle is handed out once; nothing of it stays on the server after the response.
      stream.once('close', () => rmSync(outFile, { force: true }));
      ctx.body = stream;
    } catch (err) {
      rmSync(outFile, { force: true });
      throw err;
    }
  });

  return router;
}
