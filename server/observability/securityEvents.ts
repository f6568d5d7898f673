import type { Logger } from 'pino';
import type { Counter } from 'prom-client';

/** A security-relevant event; the audit log (issue 5) will subscribe to these. */
export interface SecurityEvent {
  type:
    | 'access_denied'
    | 'policy_reloaded'
    | 'policy_reload_failed'
    | 'login_succeeded'
    | 'login_failed'
    | 'mfa_enrolled'
    | 'account_locked'
    | 'account_unlocked'
    | 'recovery_code_used'
    | 'logout'
    | 'session_revoked'
    | 'token_created'
    | 'token_revoked';
  /** How the actor authenticated or tried to. */
  method?: 'local' | 'oidc' | 'api_token' | 'session' | 'cli';
  /** Why a sign-in failed (`bad_password`, `unknown_user`, `bad_totp`, `locked`, ...). */
  reason?: string;
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
