import { AuditError } from './errors.js';

/**
 * The values the audit log canonicalises: RFC 8785's data model minus non-integral numbers.
 * Floats are refused rather than serialised, so that no entry ever depends on the
 * ECMAScript number-to-string algorithm (RFC 8785 §3.2.2.3) being reproduced by a verifier.
 */
export type JcsValue = string | number | boolean | null | JcsValue[] | { [key: string]: JcsValue };

/**
 * Serialises `value` per RFC 8785 (JSON Canonicalization Scheme) as a string.
 * Throws `AuditError('NOT_CANONICAL')` for floats, unsafe integers, NaN, ±Infinity, -0,
 * strings with lone surrogates, `undefined`, bigint, functions, symbols, cycles, sparse
 * arrays and objects that are not plain (Date, Map, Buffer, class instances).
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, new Set(), '$');
  return out.join('');
}

/** RFC 8785 §3.2.4: the canonical form is the UTF-8 encoding of the serialised string. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

function refuse(path: string, why: string): never {
  throw new AuditError('NOT_CANONICAL', `${path}: ${why}`);
}

function write(value: unknown, out: string[], ancestors: Set<object>, path: string): void {
  switch (typeof value) {
    case 'string':
      out.push(quote(value, path));
      return;
    case 'boolean':
      // RFC 8785 §3.2.2.1: literals are emitted as-is.
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      // I-JSON (RFC 7493 §2.2) limits integers to ±(2^53 − 1); -0 would serialise as "0"
      // (RFC 8785 §3.2.2.3) and so lose information, so it is refused like a float.
      if (!Number.isSafeInteger(value) || Object.is(value, -0))
        refuse(path, `number ${value} is not a safe integer`);
      out.push(String(value));
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      if (ancestors.has(value)) refuse(path, 'cycle');
      ancestors.add(value);
      if (Array.isArray(value)) writeArray(value, out, ancestors, path);
      else writeObject(value, out, ancestors, path);
      ancestors.delete(value);
      return;
    default:
      refuse(path, `${typeof value} is not a JSON value`);
  }
}

function writeArray(value: unknown[], out: string[], ancestors: Set<object>, path: string): void {
  out.push('[');
  for (let i = 0; i < value.length; i++) {
    if (!Object.hasOwn(value, i)) refuse(`${path}[${i}]`, 'sparse array');
    if (i > 0) out.push(',');
    write(value[i], out, ancestors, `${path}[${i}]`);
  }
  out.push(']');
}

function writeObject(value: object, out: string[], ancestors: Set<object>, path: string): void {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) refuse(path, 'not a plain object');
  if (Object.getOwnPropertySymbols(value).length > 0) refuse(path, 'symbol keys');
  // RFC 8785 §3.2.3: members sorted by their names as arrays of UTF-16 code units, compared
  // as unsigned integers. JavaScript's `<` on strings is exactly that comparison.
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(quote(key, path), ':');
    write((value as Record<string, unknown>)[key], out, ancestors, `${path}.${key}`);
  });
  out.push('}');
}

/**
 * RFC 8785 §3.2.2.2: strings are serialised as ECMAScript `JSON.stringify` does (short
 * escapes for \b \t \n \f \r " \\, \u00XX lowercase for other controls, everything else
 * literal). Lone surrogates are refused (RFC 8785 §3.2.2.2 requires valid Unicode), where
 * `JSON.stringify` would escape them since ES2019.
 */
function quote(s: string, path: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) refuse(path, `lone surrogate at ${i}`);
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      refuse(path, `lone surrogate at ${i}`);
    }
  }
  return JSON.stringify(s);
}
