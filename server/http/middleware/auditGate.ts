import type { Next } from 'koa';
import type { AuditHealth } from '../../audit/health.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../types.js';

// Probes stay answerable so that monitoring sees why nothing else is (issue 5: "reported
// loudly on /readyz, in the metrics and in the log").
const ALWAYS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Refuses every request but the probes while the audit log's start-up verification found
 * damage that no operator has acknowledged: serving would add entries to a log nobody can
 * vouch for, and hide the incident.
 */
export function auditGate(health: AuditHealth) {
  return async (ctx: AppContext, next: Next) => {
    if (!health.serving && !ALWAYS.has(ctx.path)) {
      throw new AppError(
        'audit_unverified',
        'The audit log failed verification; an administrator must investigate and run `parley audit acknowledge`.',
      );
    }
    await next();
  };
}
