import type { SecurityEvents } from '../observability/securityEvents.js';
import type { CliIo } from './io.js';

/**
 * Security events of CLI commands, as JSON lines on stderr (the audit log will persist them
 * through the same interface). They carry ids, never secrets.
 */
export function cliEvents(io: CliIo): SecurityEvents {
  return {
    emit(event) {
      io.stderr(`${JSON.stringify({ security: { ...event, at: new Date().toISOString() } })}\n`);
    },
  };
}
