import type { Logger } from 'pino';
import type { Counter } from 'prom-client';

/** A security-relevant event; the audit log (issue 5) will subscribe to these. */
export interface SecurityEvent {
  type: 'access_denied' | 'policy_reloaded' | 'policy_reload_failed';
  /** Pseudonymous enough for logs: the user id, never a name or email. */
  actorId?: string;
  permission?: string;
  /** The policy rule that decided, e.g. `default-deny`. */
  rule?: string;
  bundleHash?: string;
  route?: string;
  requestId?: string;
  detail?: string;
}

/** Where security events go. */
export interface SecurityEvents {
  emit(event: SecurityEvent): void;
}

/** Writes events as structured `security` log lines and counts them. */
export function loggingSecurityEvents(logger: Logger, counter?: Counter<'type'>): SecurityEvents {
  return {
    emit(event) {
      counter?.inc({ type: event.type });
      logger.warn({ security: event }, `security event: ${event.type}`);
    },
  };
}
