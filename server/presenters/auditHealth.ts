import type { AuditHealthState } from '../audit/health.js';

/** The audit log's state for /readyz: verification status, sizes, and where damage starts. */
export function presentAuditHealth(state: AuditHealthState, entries: number, checkpointSize: number) {
  return {
    status: state.status,
    entries,
    checkpoint_size: checkpointSize,
    // What the start-up (or SIGHUP) verification covered; entries appended since are counted above.
    ...(state.status === 'verified'
      ? { verified_size: state.size, verified_root: state.root }
      : state.status === 'unchecked'
        ? {}
        : {
            first_bad_seq: state.firstBadSeq,
            reason: state.reason,
            acknowledged_by_seq: state.acknowledgedBy ?? null,
          }),
  };
}
