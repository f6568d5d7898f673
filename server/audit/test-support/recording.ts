import { AppError } from '../../errors.js';
import type { AuditEvent, Auditor } from '../events.js';

/** An auditor for unit tests: keeps events in order; `failing = true` makes records fail closed. */
export interface RecordingAuditor extends Auditor {
  readonly events: AuditEvent[];
  failing: boolean;
}

/** A recording auditor (real-store behaviour is tested in server/audit/*.test.ts). */
export function recordingAuditor(): RecordingAuditor {
  const events: AuditEvent[] = [];
  const auditor: RecordingAuditor = {
    events,
    failing: false,
    async record(event) {
      if (auditor.failing) throw new AppError('audit_unavailable', 'The audit log cannot be written.');
      events.push(event);
    },
  };
  return auditor;
}
