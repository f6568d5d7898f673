/**
 * CREDIT_CARD: 12 to 19 digits, optionally grouped by one consistent separator, that pass Luhn
 * (ISO/IEC 7812-1) and start with an issuer identification number (IIN) of a known scheme whose
 * lengths include this one. A candidate failing any check is dropped; one passing all of them is
 * near certain, so it scores 1.0 (as Presidio does after validation).
 */
import type { Recognizer } from '../types.js';
import { luhn } from '../validators/checksums.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

/** [IIN prefix range low, high (inclusive, same number of digits), allowed lengths]. */
type IinRange = readonly [low: number, high: number, lengths: readonly number[]];

const len = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Published IIN ranges of the major schemes (as listed by the schemes and ISO/IEC 7812 registry
// summaries). Overlaps between schemes are harmless: only "some scheme accepts it" matters.
const IIN_RANGES: readonly IinRange[] = [
  [4, 4, [13, 16, 19]], // Visa
  [51, 55, [16]], // Mastercard
  [2221, 2720, [16]], // Mastercard 2-series
  [34, 34, [15]], // American Express
  [37, 37, [15]], // American Express
  [6011, 6011, len(16, 19)], // Discover
  [644, 649, len(16, 19)], // Discover
  [65, 65, len(16, 19)], // Discover, RuPay
  [622126, 622925, len(16, 19)], // Discover / China UnionPay co-branded
  [62, 62, len(16, 19)], // China UnionPay
  [300, 305, len(14, 19)], // Diners Club International
  [3095, 3095, len(14, 19)], // Diners Club
  [36, 36, len(14, 19)], // Diners Club
  [38, 39, len(14, 19)], // Diners Club
  [3528, 3589, len(16, 19)], // JCB
  [50, 50, len(12, 19)], // Maestro
  [56, 58, len(12, 19)], // Maestro
  [639, 639, len(12, 19)], // Maestro
  [67, 67, len(12, 19)], // Maestro
  [2200, 2204, len(16, 19)], // Mir
  [60, 60, [16]], // RuPay
  [81, 82, [16]], // RuPay
  [508, 508, [16]], // RuPay
  [9792, 9792, [16]], // Troy
];

/** Whether `digits` starts with a known IIN whose scheme issues cards of this length. */
export function knownIin(digits: string): boolean {
  for (const [low, high, lengths] of IIN_RANGES) {
    if (!lengths.includes(digits.length)) continue;
    const prefix = Number(digits.slice(0, String(low).length));
    if (prefix >= low && prefix <= high) return true;
  }
  return false;
}

// 12..19 digits with optional single separators; not glued to other digits or hyphens.
const CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){11,18}(?!\w|-\d)/g;

/**
 * Grouping check: no separators, or one separator character between groups of four (the last
 * group 1..4), or the 4-6-5 (15 digits) and 4-6-4 (14 digits) layouts.
 */
function wellGrouped(s: string): boolean {
  const seps = s.match(/[ -]/g);
  if (!seps) return true;
  if (seps.some((c) => c !== seps[0])) return false;
  const groups = s.split(seps[0] as string).map((g) => g.length);
  const layout = groups.join('-');
  if (layout === '4-6-5' || layout === '4-6-4') return true;
  const last = groups.at(-1) as number;
  return groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4;
}

function* scan(text: string): Generator<Span> {
  for (const m of matchAll(CANDIDATE, text)) {
    // The pattern is greedy: "4111 1111 1111 1111 12 units" matches 18 digits. Try the match,
    // then each shorter prefix that ends at a separator, longest first.
    const raw = m[0];
    for (
      let end = raw.length;
      end > 0;
      end = Math.max(raw.lastIndexOf(' ', end - 1), raw.lastIndexOf('-', end - 1))
    ) {
      const part = raw.slice(0, end);
      const digits = part.replace(/[ -]/g, '');
      if (digits.length < 12) break;
      // Same digit repeated (0000 0000 0000 0000 passes Luhn) is a placeholder, not a card.
      if (!wellGrouped(part) || !luhn(digits) || !knownIin(digits) || /^(\d)\1+$/.test(digits)) continue;
      yield { start: m.index, end: m.index + end, score: 1 };
      break;
    }
  }
}

/** The CREDIT_CARD recognizer. */
export function creditCardRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'credit_card',
    entity: 'CREDIT_CARD',
    context: ['credit', 'card', 'visa', 'mastercard', 'amex', 'cc', 'debit', 'payment', 'pan'],
    scan,
  });
}
