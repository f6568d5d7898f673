import type { AuditVerification } from '../commands/verifyAudit.js';

/** `POST /api/audit/verify` and `parley audit verify --json`. */
export function presentAuditVerification(r: AuditVerification) {
  return r.ok
    ? {
        valid: true,
        entries: r.entries,
        root: r.root,
        last_checkpoint_size: r.lastCheckpoint,
        sealed_personal: r.personal.sealed,
        redacted_personal: r.personal.redacted,
      }
    : { valid: false, first_bad_seq: r.firstBadSeq, reason: r.reason, detail: r.detail };
}
