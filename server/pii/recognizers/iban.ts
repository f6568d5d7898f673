/**
 * IBAN_CODE (ISO 13616-1): a country code, two check digits and the BBAN, written without spaces
 * or in groups of four ("paper format"). Valid when the length is the one the IBAN registry
 * gives for the country and ISO 7064 MOD 97-10 over the rearranged string gives 1. A 2-digit
 * check over a registry length is strong evidence: validated IBANs score 1.0.
 */
import type { Recognizer } from '../types.js';
import { remainder97 } from '../validators/checksums.js';
import { isAsciiAlnum, matchAll, type Span, spanRecognizer } from './shared.js';

/** IBAN length by country (SWIFT IBAN Registry, release 99, 2025; French territories share FR's). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BL: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GF: 27,
  GI: 23,
  GL: 18,
  GP: 27,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MF: 27,
  MK: 19,
  MN: 20,
  MQ: 27,
  MR: 27,
  MT: 31,
  MU: 30,
  NC: 27,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PF: 27,
  PK: 24,
  PL: 28,
  PM: 27,
  PS: 29,
  PT: 25,
  QA: 29,
  RE: 27,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TF: 27,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  WF: 27,
  XK: 20,
  YE: 30,
  YT: 27,
};

// Country code and check digits, then up to 30 more characters with optional single spaces.
// Lower case is accepted (people type it); the registry format is upper case.
const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){10,30}/g;

/** Whether `iban` (any case, spaces allowed) is a valid IBAN: registry length and MOD 97-10. */
export function validIban(iban: string): boolean {
  const compact = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  return remainder97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

function* scan(text: string): Generator<Span> {
  for (const m of matchAll(CANDIDATE, text)) {
    const raw = m[0];
    const length = IBAN_LENGTHS[raw.slice(0, 2).toUpperCase()];
    if (length === undefined) continue;
    // Take exactly `length` characters; a space may only separate groups of four.
    let count = 0;
    let i = 0;
    for (; i < raw.length && count < length; i++) {
      if (raw[i] === ' ') {
        if (count % 4 !== 0) break;
      } else count++;
    }
    const end = m.index + i;
    // Unspaced, the IBAN must end at a word boundary; spaced, a following group is another word.
    if (count !== length || isAsciiAlnum(text.charCodeAt(end)) || !validIban(raw.slice(0, i))) {
      // The greedy match may have swallowed an IBAN that follows: resume inside it.
      CANDIDATE.lastIndex = m.index + 1;
      continue;
    }
    CANDIDATE.lastIndex = end;
    yield { start: m.index, end, score: 1 };
  }
}

/** The IBAN_CODE recognizer. */
export function ibanRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'iban',
    entity: 'IBAN_CODE',
    context: ['iban', 'bank', 'account', 'transfer', 'sepa', 'bic', 'swift', 'konto', 'compte'],
    scan,
  });
}
