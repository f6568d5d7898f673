/**
 * US_PASSPORT, US_DRIVER_LICENSE and US_BANK_NUMBER. None has a check digit, and their formats
 * are shared by ordinary numbers, so their base scores are low (Presidio's) and only a context
 * word nearby lifts them over the threshold:
 * - US_PASSPORT: nine digits (0.05) or, for next-generation passports since 2021, a letter and
 *   eight digits (0.1) (US Department of State).
 * - US_DRIVER_LICENSE: the alphanumeric layouts of the 50 states (0.3; e.g. California A1234567,
 *   Florida A123-456-78-901-0 compacted, Washington WDL formats), and 6 to 14 or 16 digits (0.01).
 * - US_BANK_NUMBER: 8 to 17 digits (0.05), the account number lengths US banks use.
 */
import type { Recognizer } from '../types.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

const PASSPORT = /(?<![A-Za-z0-9-])(?:([A-Z])\d{8}|\d{9})(?![A-Za-z0-9]|-\d)/g;

// Alphanumeric state layouts, upper case as printed on the licence.
// Split by first character (letter-led, digit-led): one alternation of both is 3x slower, as
// V8 can no longer skip ahead on the first character.
const LICENSE_LETTER_LED =
  /(?<![A-Za-z0-9-])(?:[A-Z]{1,2}\d{4,14}|[A-Z]\d{6}R|[A-Z]\d[A-Z]\d[A-Z]\d{0,9}|[A-Z]{3}\*\*[A-Z]{2}\d{3}[A-Z0-9]{2})(?![A-Za-z0-9]|-\d)/g;
const LICENSE_DIGIT_LED =
  /(?<![A-Za-z0-9-])(?:\d{2}[A-Z]{3}\d{5,6}|\d{7,9}[A-Z]{1,2}|\d{3}[A-Z]{2}\d{4})(?![A-Za-z0-9]|-\d)/g;
const LICENSE_DIGITS = /(?<![\w-])(?:\d{6,14}|\d{16})(?!\w|-\d)/g;

const BANK = /(?<![\w-])\d{8,17}(?!\w|-\d)/g;

function* scanPassport(text: string): Generator<Span> {
  for (const m of matchAll(PASSPORT, text)) {
    yield { start: m.index, end: m.index + m[0].length, score: m[1] ? 0.1 : 0.05 };
  }
}

function* scanLicense(text: string): Generator<Span> {
  for (const re of [LICENSE_LETTER_LED, LICENSE_DIGIT_LED]) {
    for (const m of matchAll(re, text)) yield { start: m.index, end: m.index + m[0].length, score: 0.3 };
  }
  for (const m of matchAll(LICENSE_DIGITS, text))
    yield { start: m.index, end: m.index + m[0].length, score: 0.01 };
}

function* scanBank(text: string): Generator<Span> {
  for (const m of matchAll(BANK, text)) yield { start: m.index, end: m.index + m[0].length, score: 0.05 };
}

/** The US_PASSPORT recognizer. */
export function usPassportRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'us_passport',
    entity: 'US_PASSPORT',
    context: ['passport', 'travel', 'document'],
    scan: scanPassport,
  });
}

/** The US_DRIVER_LICENSE recognizer. */
export function usDriverLicenseRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'us_driver_license',
    entity: 'US_DRIVER_LICENSE',
    context: ['driver', 'license', 'licence', 'permit', 'lic', 'dl', 'cdl', 'identification'],
    scan: scanLicense,
  });
}

/** The US_BANK_NUMBER recognizer. */
export function usBankNumberRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'us_bank_number',
    entity: 'US_BANK_NUMBER',
    context: ['bank', 'account', 'acct', 'checking', 'savings', 'debit', 'routing', 'deposit'],
    scan: scanBank,
  });
}
