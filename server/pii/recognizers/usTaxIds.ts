/**
 * US_SSN and US_ITIN: nine digits as AAA-GG-SSSS, with one consistent separator (hyphen, space or
 * dot) or none.
 *
 * SSN rules (SSA, "Social Security Number Randomization", 2011, and POMS RM 10201.035): the area
 * is never 000, 666 or 900-999, the group never 00, the serial never 0000. Numbers the SSA
 * voided after they were printed in advertising (078-05-1120, 219-09-9999, 457-55-5462), one
 * digit repeated, and the textbook 123-45-6789 are dropped too (as Presidio does).
 *
 * ITIN rules (IRS, Publication 1915): area 9xx and group 50-65, 70-88, 90-92 or 94-99.
 *
 * Scores: hyphenated 0.5, spaced or dotted 0.4, bare nine digits 0.1. Bare nine digits are also
 * passports, bank accounts and order numbers: only a context word ("SSN", "social security")
 * raises them over the default threshold.
 */
import type { Recognizer } from '../types.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

// Consistent separators through the back-reference `\2`.
const CANDIDATE = /(?<![\w-])(\d{3})([- .]?)(\d{2})\2(\d{4})(?!\w|-\d|\.\d)/g;

const VOIDED = new Set(['078051120', '219099999', '457555462', '123456789']);

/** Whether area, group and serial form an SSN the SSA could have issued. */
export function validSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const all = area + group + serial;
  return !VOIDED.has(all) && !/^(\d)\1{8}$/.test(all);
}

/** Whether area and group form an ITIN (IRS ranges). */
export function validItin(area: string, group: string): boolean {
  if (area[0] !== '9') return false;
  const g = Number(group);
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

const scoreFor = (separator: string | undefined): number =>
  separator === '-' ? 0.5 : separator === ' ' || separator === '.' ? 0.4 : 0.1;

function* scanSsn(text: string): Generator<Span> {
  for (const m of matchAll(CANDIDATE, text)) {
    const [raw, area = '', sep, group = '', serial = ''] = m;
    if (!validSsn(area, group, serial)) continue;
    yield { start: m.index, end: m.index + raw.length, score: scoreFor(sep) };
  }
}

function* scanItin(text: string): Generator<Span> {
  for (const m of matchAll(CANDIDATE, text)) {
    const [raw, area = '', sep, group = ''] = m;
    if (!validItin(area, group)) continue;
    yield { start: m.index, end: m.index + raw.length, score: scoreFor(sep) };
  }
}

/** The US_SSN recognizer. */
export function usSsnRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'us_ssn',
    entity: 'US_SSN',
    context: ['social', 'security', 'ssn', 'ss', 'ssid', 'sozialversicherungsnummer'],
    scan: scanSsn,
  });
}

/** The US_ITIN recognizer. */
export function usItinRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'us_itin',
    entity: 'US_ITIN',
    context: ['individual', 'taxpayer', 'itin', 'tax', 'payer', 'taxid', 'tin'],
    scan: scanItin,
  });
}
