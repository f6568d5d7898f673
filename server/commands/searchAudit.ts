import type { Auditor } from '../audit/events.js';
import type { AuditService } from '../audit/open.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import type { Db } from '../storage/db.js';
import { findUserByUsername } from '../storage/users.js';

/** Filters as a compliance officer gives them (validated by the route's schema or the CLI). */
export interface AuditSearchInput {
  from?: string;
  to?: string;
  /** A user name: searched by its pseudonym, which is how entries name people. */
  user?: string;
  /** A system component (`server`) or a raw pseudonym. */
  actor?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'error';
  objectType?: string;
  objectId?: string;
  /** Cursor: the last seq of the previous page. */
  after?: number;
  limit: number;
}

/** A page of entries, parsed from their canonical bytes (they hold pseudonyms, never names). */
export interface AuditSearchResult {
  entries: Record<string, unknown>[];
  nextCursor: number | null;
}

/**
 * Searches the audit log (time, actor, action, outcome, object; paginated by seq). Looking at
 * the log is activity too: the search itself is recorded (`audit.read`) before results go out.
 */
export async function searchAudit(
  deps: { db: Db; auditLog: Pick<AuditService, 'search' | 'auditor'>; audit: Auditor },
  actor: Actor,
  input: AuditSearchInput,
): Promise<AuditSearchResult> {
  let actorFilter = input.actor;
  if (input.user !== undefined) {
    const user = findUserByUsername(deps.db, input.user);
    // An unknown user still gets a (necessarily empty) search, not an existence oracle.
    actorFilter = deps.auditLog.auditor.pseudonym(user?.id ?? `name:${input.user}`);
  }
  const objectId =
    input.objectId !== undefined && (input.objectType === 'user' || input.objectType === 'subject')
      ? deps.auditLog.auditor.pseudonym(input.objectId)
      : input.objectId;
  const page = deps.auditLog.search.search(
    {
      from: isoOrUndefined(input.from, 'from'),
      to: isoOrUndefined(input.to, 'to'),
      actor: actorFilter,
      action: input.action,
      outcome: input.outcome,
      objectType: input.objectType,
      objectId,
    },
    input.after ?? -1,
    input.limit,
  );
  await deps.audit.record({
    action: 'audit.read',
    actor,
    object: { type: 'audit_log', id: 'audit' },
    details: { result_count: page.entries.length, filtered: Object.keys(input).length > 1 },
  });
  return {
    entries: page.entries.map(parseEntry),
    nextCursor: page.nextAfter,
  };
}

/** Normalises an ISO 8601 time to the log's RFC 3339 UTC form, so string order is time order. */
export function isoOrUndefined(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('invalid_request', `${name} must be an ISO 8601 time.`);
  return new Date(ms).toISOString();
}

// A body that no longer parses was altered on disk; show where, not a crash.
function parseEntry(e: { seq: number; body: Buffer }): Record<string, unknown> {
  try {
    return JSON.parse(e.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { seq: e.seq, damaged: true };
  }
}
