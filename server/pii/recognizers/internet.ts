/**
 * EMAIL_ADDRESS and URL.
 *
 * E-mail (RFC 5322 §3.4.1 addr-spec, limits of RFC 5321 §4.5.3.1): found from each `@` (a rare
 * character) by expanding left over a dot-atom local part (at most 64 characters; letters of any
 * script are allowed, RFC 6531) and right over a domain of at least two labels (each 1-63
 * letters, digits or hyphens, not starting or ending with a hyphen; 253 in all) whose last label,
 * the TLD, is letters only (or an `xn--` IDN label). Expansion is bounded, so an input of many
 * `@` stays linear. Score 1.0; 0.2 when the "TLD" is a common file extension (`logo@2x.png`).
 * A local part right after `://` is a URL's user info: the URL is reported, not an e-mail.
 *
 * URL (RFC 3986): `http`, `https`, `ftp`, `ftps`, `sftp`, `ws`, `wss` URLs (0.6), `www.` hosts
 * (0.5), and bare host names ending in a common TLD (`example.org/path`, 0.5). Trailing sentence
 * punctuation and unbalanced closing brackets are not part of a URL.
 */
import type { Recognizer } from '../types.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;
const FILE_EXTENSIONS = new Set(
  'png jpg jpeg gif svg webp bmp ico tif tiff pdf txt csv json xml yaml yml html htm css js mjs ts md doc docx xls xlsx ppt pptx zip gz tar rar exe dll log'.split(
    ' ',
  ),
);

/** UTF-16 length of the letter, digit or mark (any script) that starts at `i`; 0 if none. */
function wordAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
  const cp = text.codePointAt(i) as number;
  return NON_ASCII_WORD.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** UTF-16 length of the letter, digit or mark that ends just before `i`; 0 if none. */
function wordBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return wordAt(text, i - 2) === 2 ? 2 : 0;
  }
  return wordAt(text, i - 1) === 1 ? 1 : 0;
}

// Local part: letters and digits of any script and . _ % + - (RFC 5322 atext, narrowed so that
// quotes, slashes and "=" around an address are not swallowed).
const LOCAL_PUNCT = new Set([46, 95, 37, 43, 45]);
const localBefore = (text: string, i: number): number =>
  LOCAL_PUNCT.has(text.charCodeAt(i - 1)) ? 1 : wordBefore(text, i);
const labelAt = (text: string, i: number): number => (text.charCodeAt(i) === 45 ? 1 : wordAt(text, i));
const labelBefore = (text: string, i: number): number =>
  text.charCodeAt(i - 1) === 45 || text.charCodeAt(i - 1) === 46 ? 1 : wordBefore(text, i);

/** End (exclusive) of the domain starting at `from`, or -1 if no valid domain starts there. */
export function domainEnd(text: string, from: number): { end: number; tld: string } | undefined {
  let i = from;
  let labels = 0;
  let tld = '';
  while (i - from <= 253) {
    const start = i;
    for (let n = labelAt(text, i); n > 0 && i - start <= 63; n = labelAt(text, i)) i += n;
    const label = text.slice(start, i);
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) {
      return undefined;
    }
    labels++;
    tld = label;
    // Continue only over a dot followed by another label character.
    if (text[i] === '.' && wordAt(text, i + 1) > 0) i++;
    else break;
  }
  if (labels < 2 || i - from > 253) return undefined;
  const tldOk = /^(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})$/iu.test(tld);
  return tldOk ? { end: i, tld: tld.toLowerCase() } : undefined;
}

function* scanEmail(text: string): Generator<Span> {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    for (let n = localBefore(text, start); n > 0 && at - start <= 64; n = localBefore(text, start))
      start -= n;
    while (text[start] === '.') start++;
    const local = text.slice(start, at);
    if (local.length === 0 || local.length > 64 || local.endsWith('.') || local.includes('..')) continue;
    if (text.startsWith('://', start - 3)) continue;
    const domain = domainEnd(text, at + 1);
    if (!domain) continue;
    yield { start, end: domain.end, score: FILE_EXTENSIONS.has(domain.tld) ? 0.2 : 1 };
    at = domain.end - 1;
  }
}

const SCHEME_URL = /\b(?:https?|s?ftp|ftps|wss?):\/\/[^\s<>"'`{}|\\^]+/gi;
const WWW = /(?<![\w.@/-])www\.[^\s<>"'`{}|\\^]+/gi;
const BARE_TLD =
  /\.(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|ca|de|fr|nl|ch|eu|es|se|dk|fi|pl|pt|ie|au|nz|jp|cn|ru|br|mx|za|app|dev|health|bank)(?![\w-]|\.[A-Za-z0-9])/gi;
const PATH = /[^\s<>"'`{}|\\^]*/y;

/** Drops trailing punctuation and closing brackets that have no opening one in the URL. */
function trimUrlEnd(text: string, start: number, end: number): number {
  let e = end;
  for (;;) {
    const c = text[e - 1];
    if (c && '.,;:!?*'.includes(c)) e--;
    else if (c === ')' || c === ']') {
      const url = text.slice(start, e);
      const open = c === ')' ? '(' : '[';
      if (url.split(open).length >= url.split(c).length) break;
      e--;
    } else break;
  }
  return e;
}

function* scanUrl(text: string): Generator<Span> {
  for (const m of matchAll(SCHEME_URL, text)) {
    const end = trimUrlEnd(text, m.index, m.index + m[0].length);
    if (end - m.index > m[0].indexOf('//') + 3) yield { start: m.index, end, score: 0.6 };
  }
  for (const m of matchAll(WWW, text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === '://') continue; // reported above
    const end = trimUrlEnd(text, m.index, m.index + m[0].length);
    if (domainEnd(text, m.index)) yield { start: m.index, end, score: 0.5 };
  }
  for (const m of matchAll(BARE_TLD, text)) {
    // Expand left over the host name; stop at anything that makes it part of something else.
    let start = m.index;
    for (let n = labelBefore(text, start); n > 0 && m.index - start <= 253; n = labelBefore(text, start)) {
      start -= n;
    }
    while (text[start] === '.' || text[start] === '-') start++;
    const before = text[start - 1];
    if (
      before === '@' ||
      before === '/' ||
      before === ':' ||
      text.slice(start, start + 4).toLowerCase() === 'www.'
    ) {
      continue; // an e-mail's domain, or part of a URL reported above
    }
    const domain = domainEnd(text, start);
    if (!domain || domain.end !== m.index + m[0].length) continue;
    let end = domain.end;
    if (text[end] === '/') {
      PATH.lastIndex = end;
      end = trimUrlEnd(text, start, end + (PATH.exec(text)?.[0].length ?? 0));
    }
    yield { start, end, score: 0.5 };
  }
}

/** The EMAIL_ADDRESS recognizer. */
export function emailRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'email_address',
    entity: 'EMAIL_ADDRESS',
    context: ['email', 'mail', 'e-mail', 'contact', 'address'],
    scan: scanEmail,
  });
}

/** The URL recognizer. */
export function urlRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'url',
    entity: 'URL',
    context: ['url', 'website', 'site', 'link', 'web', 'homepage', 'domain'],
    scan: scanUrl,
  });
}
