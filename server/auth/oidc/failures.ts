/**
 * What went wrong talking to the IdP, stripped of everything but library-authored messages
 * and codes. openid-client's own errors carry response bodies and ID token claims in their
 * `cause`; those must not reach the logs, so Parley never keeps them.
 */
export class OidcProtocolError extends Error {
  override readonly name = 'OidcProtocolError';
  /** openid-client / oauth4webapi code, e.g. `OAUTH_JWT_CLAIM_COMPARISON_FAILED`. */
  readonly code: string | undefined;
  /** The OAuth `error` the IdP returned (`invalid_grant`, `access_denied`), when it did. */
  readonly oauthError: string | undefined;
  /** The IdP's `error_description`, shortened and cleaned: for the log, not for users. */
  readonly oauthErrorDescription: string | undefined;
  /** HTTP status of the IdP's response, when there was one. */
  readonly status: number | undefined;
  /** True for network failures, time-outs and 5xx/429: the IdP may be back soon. */
  readonly transient: boolean;

  constructor(fields: {
    message: string;
    code?: string;
    oauthError?: string;
    oauthErrorDescription?: string;
    status?: number;
    transient: boolean;
  }) {
    super(fields.message);
    this.code = fields.code;
    this.oauthError = fields.oauthError;
    this.oauthErrorDescription = fields.oauthErrorDescription;
    this.status = fields.status;
    this.transient = fields.transient;
  }
}

/** Translates whatever openid-client (or fetch under it) threw into an {@link OidcProtocolError}. */
export function toProtocolError(err: unknown): OidcProtocolError {
  if (err instanceof OidcProtocolError) return err;
  const e = err as {
    code?: unknown;
    error?: unknown;
    error_description?: unknown;
    status?: unknown;
    cause?: unknown;
  };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  // For "unexpected HTTP response status code" openid-client puts the Response in `cause`.
  const status =
    typeof e?.status === 'number' ? e.status : e?.cause instanceof Response ? e.cause.status : undefined;
  const fields = {
    message: messageChain(err),
    transient: isTransient(err, code, status),
    ...(code ? { code } : {}),
    ...(status !== undefined ? { status } : {}),
    // Attacker-controlled when it arrives on the callback URL: keep it short and printable.
    ...(typeof e?.error === 'string' ? { oauthError: clean(e.error, 64) } : {}),
    ...(typeof e?.error_description === 'string'
      ? { oauthErrorDescription: clean(e.error_description, 200) }
      : {}),
  };
  return new OidcProtocolError(fields);
}

function isTransient(err: unknown, code: string | undefined, status: number | undefined): boolean {
  // fetch() rejects with a bare TypeError ("fetch failed") on refused connections and DNS
  // failures; openid-client's own argument errors are TypeErrors with an ERR_ code.
  if (err instanceof TypeError && code === undefined) return true;
  if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return true;
  return status !== undefined && (status >= 500 || status === 429);
}

/** "outer: inner: innermost", following `cause` only through Error instances (never bodies). */
function messageChain(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    if (!parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.length > 0 ? clean(parts.join(': '), 500) : 'unknown failure';
}

function clean(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, max);
}
