/**
 * The one error type of Parley. Commands and storage throw `AppError` with a stable
 * snake_case code; `server/http/middleware/errors.ts` is the only place that maps codes to
 * HTTP statuses. Anything that is not an AppError becomes a generic 500 whose details go
 * only to the log.
 */
export type AppErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'invalid_utf8'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'message_too_long'
  | 'context_length_exceeded'
  | 'max_tokens_exceeded'
  | 'unauthenticated'
  | 'invalid_token'
  | 'forbidden'
  | 'invalid_credentials'
  | 'mfa_required'
  | 'account_locked'
  | 'password_rejected'
  | 'session_expired'
  | 'csrf_failed'
  | 'oidc_unavailable'
  | 'oidc_callback_invalid'
  | 'oidc_not_configured'
  | 'user_exists'
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'conversation_not_found'
  | 'collection_not_found'
  | 'document_not_found'
  | 'document_duplicate'
  | 'unsupported_document'
  | 'document_invalid'
  | 'model_not_found'
  | 'user_not_found'
  | 'token_not_found'
  | 'queue_full'
  | 'queue_timeout'
  | 'generation_timeout'
  | 'client_closed'
  | 'shutting_down'
  | 'model_not_ready'
  | 'model_hash_mismatch'
  | 'model_file_missing'
  | 'catalog_invalid'
  | 'config_invalid'
  | 'policy_invalid'
  | 'policy_tests_failed'
  | 'storage_error'
  | 'audit_unavailable'
  | 'audit_unverified'
  | 'internal_error';

/** Extra, presentable facts about an error (never secrets, never message text). */
export interface AppErrorDetails {
  /** Seconds a client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** Name of the offending request parameter, in OpenAI's `param` field. */
  param?: string;
}

/** An expected failure with a stable code; `message` is safe to show to the caller. */
export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  override readonly name = 'AppError';
  readonly code: C;
  readonly details: AppErrorDetails;

  constructor(code: C, message: string, options: { cause?: unknown; details?: AppErrorDetails } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Narrowing helper that also checks the code when one is given. */
export function isAppError<C extends AppErrorCode>(err: unknown, code?: C): err is AppError<C> {
  return err instanceof AppError && (code === undefined || err.code === code);
}
