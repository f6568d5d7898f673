/**
 * Health identifiers:
 * - UK_NHS: ten digits, as 3-3-4 with one consistent separator or none, whose last digit is the
 *   NHS weighted mod 11 check digit (NHS Data Dictionary). One ten-digit number in eleven passes
 *   the check by chance, and a UK number "020 7946 0958"-like layout is shared with phones, so a
 *   valid one scores 0.45: over the default threshold, but below a phone number, unless an
 *   "NHS" context word is near.
 * - MEDICAL_LICENSE: a DEA registration number, two letters (the registrant type, then the
 *   first letter of the surname, or 9) and seven digits whose last is the DEA check digit
 *   (21 CFR 1301; check: d1+d3+d5 + 2·(d2+d4+d6) ≡ d7 mod 10). Scores 0.85 when valid: one
 *   check digit, but a very specific layout.
 */
import type { Recognizer } from '../types.js';
import { deaChecksum, mod11 } from '../validators/checksums.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

const NHS = /(?<![\w-])\d{3}([- ]?)\d{3}\1\d{4}(?!\w|-\d)/g;
// DEA registrant type letters (A, B, F, G for practitioners, M for mid-levels, P-U, X, ...).
const DEA = /(?<![A-Za-z0-9])[ABCDEFGHJKLMPRSTUXabcdefghjklmprstux][A-Za-z9]\d{7}(?![A-Za-z0-9])/g;

function* scanNhs(text: string): Generator<Span> {
  for (const m of matchAll(NHS, text)) {
    if (!mod11(m[0]) || /^(\d)\1+$/.test(m[0].replace(/\D/g, ''))) continue;
    yield { start: m.index, end: m.index + m[0].length, score: 0.45 };
  }
}

function* scanDea(text: string): Generator<Span> {
  for (const m of matchAll(DEA, text)) {
    if (!deaChecksum(m[0].slice(2))) continue;
    yield { start: m.index, end: m.index + m[0].length, score: 0.85 };
  }
}

/** The UK_NHS recognizer. */
export function ukNhsRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'uk_nhs',
    entity: 'UK_NHS',
    context: ['nhs', 'national', 'health', 'service', 'patient', 'chi'],
    scan: scanNhs,
  });
}

/** The MEDICAL_LICENSE recognizer (DEA numbers). */
export function medicalLicenseRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'medical_license',
    entity: 'MEDICAL_LICENSE',
    context: ['dea', 'medical', 'license', 'licence', 'prescriber', 'registration', 'certificate'],
    scan: scanDea,
  });
}
