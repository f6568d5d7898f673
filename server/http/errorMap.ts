import type { AppErrorCode } from '../errors.js';

/** OpenAI's error `type` values, used for every route so clients parse one shape. */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error';

/** HTTP status and OpenAI error type for each code; the single place this is decided. */
export const errorStatus: Record<AppErrorCode, readonly [number, OpenAiErrorType]> = {
  invalid_request: [400, 'invalid_request_error'],
  invalid_json: [400, 'invalid_request_error'],
  invalid_utf8: [400, 'invalid_request_error'],
  message_too_long: [400, 'invalid_request_error'],
  context_length_exceeded: [400, 'invalid_request_error'],
  max_tokens_exceeded: [400, 'invalid_request_error'],
  unsupported_media_type: [415, 'invalid_request_error'],
  payload_too_large: [413, 'invalid_request_error'],
  unauthenticated: [401, 'authentication_error'],
  invalid_token: [401, 'authentication_error'],
  forbidden: [403, 'permission_error'],
  // One answer for unknown user, wrong password and wrong code: nothing to enumerate.
  invalid_credentials: [401, 'authentication_error'],
  mfa_required: [401, 'authentication_error'],
  // Locked accounts answer 429 with Retry-After only after a correct password would have
  // been needed anyway; the body says nothing about whether the account exists.
  account_locked: [429, 'rate_limit_error'],
  password_rejected: [400, 'invalid_request_error'],
  session_expired: [401, 'authentication_error'],
  csrf_failed: [403, 'permission_error'],
  oidc_unavailable: [503, 'server_error'],
  oidc_callback_invalid: [400, 'invalid_request_error'],
  oidc_not_configured: [404, 'not_found_error'],
  user_exists: [409, 'invalid_request_error'],
  not_found: [404, 'not_found_error'],
  route_not_found: [404, 'not_found_error'],
  conversation_not_found: [404, 'not_found_error'],
  collection_not_found: [404, 'not_found_error'],
  document_not_found: [404, 'not_found_error'],
  document_duplicate: [409, 'invalid_request_error'],
  // Decided by content sniffing, not the file name (issue 7).
  unsupported_document: [415, 'invalid_request_error'],
  // Corrupt, encrypted, empty, a zip bomb, too many columns, no text: that document only.
  document_invalid: [422, 'invalid_request_error'],
  // OpenAI answers an unknown model with 404 and type invalid_request_error.
  model_not_found: [404, 'invalid_request_error'],
  user_not_found: [404, 'not_found_error'],
  token_not_found: [404, 'not_found_error'],
  method_not_allowed: [405, 'invalid_request_error'],
  queue_full: [429, 'rate_limit_error'],
  queue_timeout: [503, 'server_error'],
  generation_timeout: [504, 'server_error'],
  // nginx's "client closed request"; nobody reads it, but logs and metrics do.
  client_closed: [499, 'invalid_request_error'],
  shutting_down: [503, 'server_error'],
  model_not_ready: [503, 'server_error'],
  model_hash_mismatch: [500, 'server_error'],
  model_file_missing: [500, 'server_error'],
  catalog_invalid: [500, 'server_error'],
  config_invalid: [500, 'server_error'],
  policy_invalid: [500, 'server_error'],
  policy_tests_failed: [500, 'server_error'],
  storage_error: [500, 'server_error'],
  // Fail closed: an action that cannot be audited is not done (issue 5).
  audit_unavailable: [503, 'server_error'],
  // The audit log failed its start-up check; nothing is served until an operator acknowledges.
  audit_unverified: [503, 'server_error'],
  internal_error: [500, 'server_error'],
};
