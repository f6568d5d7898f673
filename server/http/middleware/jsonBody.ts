import type { Next } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from '../../errors.js';
import type { AppContext } from '../types.js';

// Lone UTF-16 surrogates survive JSON.parse ("\ud800") but cannot be encoded, tokenized or
// stored faithfully; they are refused rather than silently replaced.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Reads a JSON request body (attacker-controlled): requires `application/json` (415),
 * enforces the size limit while streaming (413), requires valid UTF-8 and well-formed
 * strings (400), and parses it (400 `invalid_json`). The result is `ctx.state.body`.
 */
export function jsonBody(limitBytes: number) {
  return async (ctx: AppContext, next: Next) => {
    const type = ctx.request.type;
    const charset = ctx.request.charset;
    if (type !== 'application/json' || (charset && charset.toLowerCase() !== 'utf-8')) {
      throw new AppError('unsupported_media_type', 'Send the request body as application/json (UTF-8).');
    }
    let raw: Buffer;
    try {
      raw = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.get('content-length') || undefined });
    } catch (err) {
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.too.large') {
        throw new AppError('payload_too_large', `The request body exceeds ${limitBytes} bytes.`, {
          cause: err,
        });
      }
      throw new AppError('invalid_request', 'The request body could not be read.', { cause: err });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch (err) {
      throw new AppError('invalid_utf8', 'The request body is not valid UTF-8.', { cause: err });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new AppError('invalid_json', `The request body is not valid JSON: ${(err as Error).message}`);
    }
    const bad = findIllFormedString(value, '');
    if (bad !== undefined) {
      throw new AppError(
        'invalid_utf8',
        `The string at ${bad || '(root)'} contains an unpaired UTF-16 surrogate.`,
        {
          details: { param: bad || undefined },
        },
      );
    }
    ctx.state.body = value;
    await next();
  };
}

function findIllFormedString(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? at : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findIllFormedString(v, `${at}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) return at;
      const found = findIllFormedString(v, at ? `${at}.${k}` : k);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
