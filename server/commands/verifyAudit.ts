import type { AuditEvent } from '../audit/events.js';
import type { AuditService } from '../audit/open.js';

/** The outcome of a full verification, as presented to officers. */
export type AuditVerification =
  | {
      ok: true;
      entries: number;
      root: string;
      lastCheckpoint: number;
      /** Entries with sealed personal details, and those redacted by an erasure. */
      personal: { sealed: number; redacted: number };
    }
  | { ok: false; firstBadSeq: number; reason: string; detail: string };

/**
 * Recomputes every leaf, the chain, the tree, every stored checkpoint's signature and the
 * shipped checkpoints, and records the result (`audit.verified` or `audit.verify_failed`).
 * The result is returned even when the entry cannot be written (a damaged log may refuse
 * appends): verification is the tool for exactly that situation; the failure is logged.
 */
export async function verifyAudit(
  deps: { auditLog: Pick<AuditService, 'store' | 'key' | 'origin' | 'shippedCheckpoints' | 'search'> },
  record: (event: Omit<AuditEvent, 'actor'>) => Promise<void>,
): Promise<AuditVerification> {
  const { store, key, origin } = deps.auditLog;
  let result: AuditVerification;
  try {
    const r = store.verifyIntegrity({
      verifier: key.verifier,
      origin,
      external: deps.auditLog.shippedCheckpoints(),
    });
    result = r.ok
      ? {
          ok: true,
          entries: r.size,
          root: r.root.toString('hex'),
          lastCheckpoint: store.checkpoints().at(-1)?.size ?? 0,
          personal: deps.auditLog.search.personalCounts(),
        }
      : { ok: false, firstBadSeq: r.firstBadSeq, reason: r.reason, detail: r.detail };
  } catch (err) {
    result = { ok: false, firstBadSeq: 0, reason: 'BAD_CHECKPOINT', detail: (err as Error).message };
  }
  try {
    await record(
      result.ok
        ? {
            action: 'audit.verified',
            object: { type: 'audit_log', id: 'audit' },
            details: { entry_count: result.entries },
          }
        : {
            action: 'audit.verify_failed',
            object: { type: 'audit_log', id: 'audit' },
            outcome: 'error',
            reason: result.reason.toLowerCase(),
            details: { first_bad_seq: result.firstBadSeq },
          },
    );
  } catch {
    // Already logged and counted by the auditor; the officer still gets the result.
  }
  return result;
}
