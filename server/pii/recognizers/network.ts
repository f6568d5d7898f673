/**
 * IP_ADDRESS and MAC_ADDRESS.
 * - IPv4 (RFC 791 dotted quad) and IPv6 (RFC 4291 §2.2 text forms, including `::` compression
 *   and an embedded IPv4 tail), each validated by parsing with `node:net` (no leading zeros in
 *   IPv4 octets, at most 255; a well-formed IPv6 group structure). Score 0.6. A dotted quad right
 *   after "version", "v", "release", "section" and the like is a version or a paragraph number,
 *   not an address, and is dropped (a near-miss the evaluation checks).
 * - MAC (IEEE 802 EUI-48): six hex pairs with one consistent `:` or `-` separator (0.6), or
 *   Cisco's three dotted groups of four (0.5). All-zero and broadcast addresses are not
 *   personal data and are dropped.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Recognizer } from '../types.js';
import { matchAll, type Span, spanRecognizer, wordBefore } from './shared.js';

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;
// IPv6 always has two colons with at most four hex digits between them: a rare anchor.
const IPV6_ANCHOR = /:[0-9A-Fa-f]{0,4}:/g;
const MAX_IPV6 = 45; // RFC 4291 text form with an IPv4 tail, e.g. ffff:...:255.255.255.255

const NOT_AN_ADDRESS = new Set([
  'version',
  'ver',
  'v',
  'vers',
  'release',
  'rel',
  'build',
  'rev',
  'revision',
  'firmware',
  'patch',
  'update',
  'section',
  'sect',
  'sec',
  'chapter',
  'paragraph',
  'para',
  'clause',
  'article',
  'art',
  'item',
  'step',
  'figure',
  'fig',
  'table',
  'appendix',
  'rule',
  'icd',
]);

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function* scanIp(text: string): Generator<Span> {
  // IPv6 first: an embedded IPv4 tail (::ffff:192.168.0.1) is part of the IPv6 address.
  const v6 = [...scanIpv6(text)];
  let k = 0;
  for (const m of matchAll(IPV4, text)) {
    while (k < v6.length && (v6[k] as Span).end <= m.index) k++;
    if (k < v6.length && (v6[k] as Span).start <= m.index) continue;
    if (!isIPv4(m[0])) continue;
    // Dropped rather than scored low: a context word after it would lift any score to 0.4.
    const word = wordBefore(text, m.index);
    if (word !== undefined && NOT_AN_ADDRESS.has(word)) continue;
    yield { start: m.index, end: m.index + m[0].length, score: 0.6 };
  }
  yield* v6;
}

const isHexOrColon = (c: number): boolean => isHex(c) || c === 58;

function* scanIpv6(text: string): Generator<Span> {
  for (const m of matchAll(IPV6_ANCHOR, text)) {
    let start = m.index;
    while (start > 0 && m.index - start < MAX_IPV6 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && end - start < MAX_IPV6) {
      const c = text.charCodeAt(end);
      if (!isHexOrColon(c) && c !== 46) break;
      end++;
    }
    // Each stretch of address characters is judged once, as a whole.
    IPV6_ANCHOR.lastIndex = end;
    // Sentence punctuation after the address; a single trailing ':' is not part of it.
    while (end > start && text[end - 1] === '.') end--;
    if (text[end - 1] === ':' && text[end - 2] !== ':') end--;
    if (isWordChar(text.charCodeAt(end))) continue;
    // The stretch may start with a word's hex letters ("Note:fe80::1"): try each group start.
    // Only a stretch glued to a word is retried from a later group ("1::2::3" stays invalid).
    const glued = isWordChar(text.charCodeAt(start - 1));
    for (let from = start; from >= 0 && from < end; from = glued ? nextGroup(text, from, end) : -1) {
      const candidate = text.slice(from, end);
      // Eight groups need seven colons; fewer need "::". Times and MACs fail before parsing.
      if (!candidate.includes('::') && candidate.split(':').length !== 8) continue;
      if (isWordChar(text.charCodeAt(from - 1)) || !isIPv6(candidate)) continue;
      yield { start: from, end, score: 0.6 };
      break;
    }
  }
}

/** Start of the next group after `from` (just after a ':'), or -1. */
function nextGroup(text: string, from: number, end: number): number {
  const colon = text.indexOf(':', from + 1);
  if (colon < 0 || colon >= end) return -1;
  // "::" starts a group of its own.
  return text[colon + 1] === ':' ? colon : colon + 1;
}

const MAC =
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|[:-][0-9A-Fa-f])/g;
// Cisco's dotted form, found from its first dot (a hex class first would stop at every a-f).
const MAC_CISCO = /\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f]|\.[0-9A-Fa-f])/g;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

function* scanMac(text: string): Generator<Span> {
  for (const m of matchAll(MAC, text)) {
    const hex = m[0].replace(/[:-]/g, '').toLowerCase();
    if (hex === '000000000000' || hex === 'ffffffffffff') continue;
    yield { start: m.index, end: m.index + m[0].length, score: 0.6 };
  }
  for (const m of matchAll(MAC_CISCO, text)) {
    const start = m.index - 4;
    if (start < 0 || !HEX4.test(text.slice(start, m.index)) || /[0-9A-Za-z.]/.test(text[start - 1] ?? ' ')) {
      continue;
    }
    const hex = text
      .slice(start, m.index + m[0].length)
      .replace(/\./g, '')
      .toLowerCase();
    // Three dotted words of a-f letters only ("face.beef.cafe") are words, not an address.
    if (!/\d/.test(hex) || hex === '000000000000' || hex === 'ffffffffffff') continue;
    yield { start, end: m.index + m[0].length, score: 0.5 };
  }
}

/** The IP_ADDRESS recognizer (IPv4 and IPv6). */
export function ipRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'ip_address',
    entity: 'IP_ADDRESS',
    context: ['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'client', 'gateway', 'subnet'],
    scan: scanIp,
  });
}

/** The MAC_ADDRESS recognizer. */
export function macRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'mac_address',
    entity: 'MAC_ADDRESS',
    context: ['mac', 'ethernet', 'wifi', 'wlan', 'hardware', 'device', 'nic', 'bssid'],
    scan: scanMac,
  });
}
