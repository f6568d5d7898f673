// A one-pass recogniser for the exact text `canonicalize` (audit/jcs.ts) writes, so that
// verifyIntegrity can check "this body is canonical" without JSON.parse plus re-serialising
// every entry. It must never accept what `canonicalize(JSON.parse(text)) === text` rejects;
// it may reject what that accepts (nesting beyond MAX_DEPTH), and callers then fall back to
// that exact check. canonical-scan.test.ts compares the two on generated and mutated input.
//
// The grammar, from RFC 8785 §3.2 restricted as in FORMAT.md §1:
//   value   = object / array / string / integer / "true" / "false" / "null", no white space
//   object  = "{" [ string ":" value *( "," string ":" value ) ] "}", names strictly increasing
//             as UTF-16 code unit strings (§3.2.3), which also rules out duplicates
//   string  = JSON.stringify's output (§3.2.2.2): "\"" "\\" \b \f \n \r \t as short escapes,
//             other U+0000-U+001F as \u00xx in lowercase hex, everything else literal; no lone
//             surrogates
//   integer = "0" / [ "-" ] %x31-39 *DIGIT, a safe integer (I-JSON, RFC 7493 §2.2); no "-0"

/** Nesting accepted before giving up (the exact check decides deeper bodies). */
export const MAX_DEPTH = 64;

/** The raw text of a canonical body's top-level `seq` and `prev` values, where present. */
export interface EnvelopeTokens {
  seq: string | undefined;
  prev: string | undefined;
}

// Scanner state: the scan is synchronous and not re-entrant, so module state is safe and
// saves passing it around in the hot loop.
let src = '';
let pos = 0;

/**
 * If `text` is exactly canonical JSON as `canonicalize` writes it, returns the raw tokens of its
 * top-level `seq` and `prev` members (undefined where absent, or when the value is not an
 * object); otherwise undefined. Because the text is canonical, a token equals
 * `canonicalize(x)` of its value x: `seq === String(i)` and `prev === JSON.stringify(hex)` are
 * exact comparisons.
 */
export function scanCanonical(text: string): EnvelopeTokens | undefined {
  src = text;
  pos = 0;
  const found: EnvelopeTokens = { seq: undefined, prev: undefined };
  let ok: boolean;
  try {
    ok = (src.charCodeAt(0) === 0x7b ? object(0, found) : value(0)) && pos === src.length;
  } finally {
    src = '';
  }
  return ok ? found : undefined;
}

function value(depth: number): boolean {
  switch (src.charCodeAt(pos)) {
    case 0x22:
      return string();
    case 0x7b:
      return depth < MAX_DEPTH && object(depth + 1, undefined);
    case 0x5b:
      return depth < MAX_DEPTH && array(depth + 1);
    case 0x74:
      return literal('true');
    case 0x66:
      return literal('false');
    case 0x6e:
      return literal('null');
    default:
      return integer();
  }
}

function object(depth: number, found: EnvelopeTokens | undefined): boolean {
  pos++;
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return true;
  }
  let previous: string | undefined;
  for (;;) {
    if (src.charCodeAt(pos) !== 0x22) return false;
    const keyStart = pos;
    if (!string()) return false;
    const raw = src.slice(keyStart + 1, pos - 1);
    // A name with escapes is compared decoded, as canonicalize sorts decoded names.
    const key = raw.includes('\\') ? (JSON.parse(src.slice(keyStart, pos)) as string) : raw;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (src.charCodeAt(pos) !== 0x3a) return false;
    pos++;
    const valueStart = pos;
    if (!value(depth)) return false;
    if (found && key === 'seq') found.seq = src.slice(valueStart, pos);
    else if (found && key === 'prev') found.prev = src.slice(valueStart, pos);
    const c = src.charCodeAt(pos++);
    if (c !== 0x2c) return c === 0x7d;
  }
}

function array(depth: number): boolean {
  pos++;
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return true;
  }
  for (;;) {
    if (!value(depth)) return false;
    const c = src.charCodeAt(pos++);
    if (c !== 0x2c) return c === 0x5d;
  }
}

// A run of characters that stand for themselves in a canonical string. Sticky, so that it
// matches at `pos` only; the regex engine skips such runs far faster than a charCodeAt loop.
// biome-ignore lint/suspicious/noControlCharactersInRegex: excluding the controls is the point
const PLAIN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;

function string(): boolean {
  pos++;
  for (;;) {
    PLAIN.lastIndex = pos;
    PLAIN.test(src);
    pos = PLAIN.lastIndex;
    const c = src.charCodeAt(pos);
    if (c === 0x22) {
      pos++;
      return true;
    }
    if (c === 0x5c) {
      if (!escapeSequence()) return false;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      // Only a high surrogate followed by a low one: canonicalize refuses lone surrogates.
      const d = src.charCodeAt(pos + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      pos += 2;
    } else {
      // A raw control character, a lone low surrogate, or NaN: the text ended in the string.
      return false;
    }
  }
}

function escapeSequence(): boolean {
  const e = src.charCodeAt(pos + 1);
  // \" \\ \b \f \n \r \t: the short escapes JSON.stringify writes ("\/" it never does).
  if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
    pos += 2;
    return true;
  }
  // Otherwise only \u00xx in lowercase hex, for a control without a short escape.
  if (e !== 0x75 || src.charCodeAt(pos + 2) !== 0x30 || src.charCodeAt(pos + 3) !== 0x30) return false;
  const hi = src.charCodeAt(pos + 4) - 0x30;
  const c = src.charCodeAt(pos + 5);
  const lo = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : -1;
  if ((hi !== 0 && hi !== 1) || lo < 0) return false;
  const code = hi * 16 + lo;
  if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return false;
  pos += 6;
  return true;
}

function literal(word: string): boolean {
  if (!src.startsWith(word, pos)) return false;
  pos += word.length;
  return true;
}

function integer(): boolean {
  const start = pos;
  if (src.charCodeAt(pos) === 0x2d) pos++;
  const first = src.charCodeAt(pos);
  if (first === 0x30) {
    pos++;
    return pos - start === 1; // "0"; "-0" is refused (it would lose its sign)
  }
  if (!(first >= 0x31 && first <= 0x39)) return false;
  do pos++;
  while (src.charCodeAt(pos) >= 0x30 && src.charCodeAt(pos) <= 0x39);
  // 2^53 - 1 has 16 digits; longer runs are not safe integers, so skip parsing them.
  return pos - start <= 17 && Number.isSafeInteger(Number(src.slice(start, pos)));
}
