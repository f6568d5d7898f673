import * as nodeCrypto from 'node:crypto';
import { canonicalBytes, canonicalize } from '../jcs.js';
import { hashesEqual, hashLeaf } from '../merkle.js';
import { scanCanonical } from './canonical-scan.js';

// verifyIntegrity reads each body as TEXT, not as a BLOB: better-sqlite3 copies a BLOB into a
// new Buffer (its own allocation, and garbage), while a string of ASCII is cheap. Text is a
// lossy view of bytes, though: invalid UTF-8 decodes to U+FFFD, and then the string's UTF-8
// is not the body. So the fast path is taken only for text with no U+FFFD whose UTF-8 length
// is the body's length; anything else is checked again on the exact bytes. A body that is
// valid UTF-8 decodes to a string whose UTF-8 encoding is that body, byte for byte.

/** An entry that passed: its leaf hash and the canonical tokens of its `seq` and `prev`. */
export interface EntryOk {
  leafHex: string;
  /** canonicalize(body.seq), or undefined when absent. */
  seq: string | undefined;
  /** canonicalize(body.prev), or undefined when absent. */
  prev: string | undefined;
}

/** Why an entry failed on its own. */
export type EntryProblem = 'LEAF_MISMATCH' | 'NOT_CANONICAL';

const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

/** Hex of SHA-256(0x00 || UTF-8(text)): the RFC 6962 §2.1 leaf hash of the text's bytes. */
function leafHexOfText(text: string): string {
  if (oneShot) return oneShot('sha256', `\0${text}`, 'hex');
  return nodeCrypto.createHash('sha256').update('\0').update(text, 'utf8').digest('hex');
}

/**
 * Checks one row: the body hashes to its stored leaf hash, and is exactly the canonical JSON
 * of FORMAT.md §1. `text` is the body decoded as UTF-8, `bytes` its length in bytes, `leafHex`
 * the stored leaf hash in lowercase hex. `EXACT` means: the text may not be the body's bytes,
 * run `checkExact` on them.
 */
export function checkEntry(text: string, bytes: number, leafHex: string): EntryOk | EntryProblem | 'EXACT' {
  if (text.includes('\uFFFD') || Buffer.byteLength(text, 'utf8') !== bytes) return 'EXACT';
  const computed = leafHexOfText(text);
  if (computed !== leafHex) return 'LEAF_MISMATCH';
  const tokens = scanCanonical(text);
  if (tokens) return { leafHex: computed, seq: tokens.seq, prev: tokens.prev };
  // The scanner gives up on some canonical text (deep nesting): ask the definition itself.
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (canonicalize(value) !== text) return 'NOT_CANONICAL';
  } catch {
    return 'NOT_CANONICAL';
  }
  return { leafHex: computed, ...envelope(value) };
}

/** The same check on the exact bytes, as verifyIntegrity did it before the fast path. */
export function checkExact({ body, leafHash }: { body: Buffer; leafHash: Buffer }): EntryOk | EntryProblem {
  const leaf = hashLeaf(body);
  if (!hashesEqual(leaf, leafHash)) return 'LEAF_MISMATCH';
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
    if (!canonicalBytes(value).equals(body)) return 'NOT_CANONICAL';
  } catch {
    return 'NOT_CANONICAL';
  }
  return { leafHex: leaf.toString('hex'), ...envelope(value) };
}

function envelope(value: unknown): { seq: string | undefined; prev: string | undefined } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { seq: undefined, prev: undefined };
  const o = value as Record<string, unknown>;
  return {
    seq: Object.hasOwn(o, 'seq') ? canonicalize(o.seq) : undefined,
    prev: Object.hasOwn(o, 'prev') ? canonicalize(o.prev) : undefined,
  };
}
