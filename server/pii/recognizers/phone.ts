/**
 * PHONE_NUMBER, validated by libphonenumber-js (Google's libphonenumber metadata): numbers in
 * international format (`+44 20 7946 0958`, `0044 ...`) for every country, and in the national
 * format of the regions the policy lists (`(415) 555-2671` for US, `020 7946 0958` for GB).
 *
 * libphonenumber's `findPhoneNumbersInText` costs 20-60 µs per call and about 1 s per MB of
 * prose, far too slow to run over the whole text. So:
 *   1. a cheap pattern finds digit runs that could be phone numbers (7 to 17 digits with the
 *      usual separators); dates, dotted versions, the SSN layout and runs of four-digit groups
 *      (card numbers, IBANs in print format) are skipped;
 *   2. a gate built from the same metadata keeps a candidate for a region only if some run of
 *      its digit groups, with or without the region's national prefix, has a possible length
 *      and matches the region's national number pattern (nine-digit SSNs, card numbers and
 *      most amounts fail here);
 *   3. `findPhoneNumbersInText` runs on the candidate alone, for the first region that passed
 *      and finds a number there (then the next, only if it found none).
 * Its offsets are UTF-16 indexes into the candidate (ASCII), converted to code points by the
 * shared conversion (shared.ts).
 *
 * Scores: 0.7 in international format (a country code was written), 0.5 in national format
 * with separators ("(415) 555-2671"), 0.3 as bare digits ("4155552671": as likely an account or
 * order number). Bare digits are only considered when a phone context word ("phone", "call",
 * the policy's extra words) is among the five words before them, which lifts them to 0.65;
 * without one they could not pass a threshold above 0.3 anyway.
 */
// The `max` metadata validates the digits against the number ranges of each country (fixed line,
// mobile, ...); the default `min` one checks only lengths, which lets random account numbers by.
import {
  type CountryCode,
  findPhoneNumbersInText,
  isSupportedCountry,
  Metadata,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { contextMatcher, wordsAround } from '../context.js';
import type { Recognizer } from '../types.js';
import { type Span, spanRecognizer } from './shared.js';

// An optional "+" or "(" then 7..17 digits separated by at most two of " -./()". Bounded
// repetition over disjoint classes: linear.
const CANDIDATE = /(?<![\w+.-])(?:\+|\()?\d(?:[ \-./()]{0,2}\d){6,16}\)?(?!\w)/g;
const DATE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
// Dotted quads and versions (1.2.3.4, 10.0.19045.2965), but not 415.555.2671.
const DOTTED = /^(?:\d{1,3}(?:\.\d{1,3}){2,}|\d+(?:\.\d+){3,})$/;
// The SSN layout (AAA-GG-SSSS); no national phone format groups digits 3-2-4 with hyphens.
const SSN_LAYOUT = /^\d{3}-\d{2}-\d{4}$/;
/** Layouts that are never phone numbers (checked before any libphonenumber call). */
const NOT_A_PHONE = [DATE, DOTTED, SSN_LAYOUT];

/** Whether at least `min` groups all have four digits but the last: card numbers and IBANs. */
function groupedByFour(groups: readonly string[], min: number): boolean {
  return groups.length >= min && groups.slice(0, -1).every((g) => g.length === 4);
}
const INTERNATIONAL = /^\(?(?:\+|00|011)/;

/** The metadata of one region that the gate uses. */
interface Plan {
  readonly code: CountryCode;
  readonly lengths: ReadonlySet<number>;
  readonly maxDigits: number;
  /** Whole-string national number pattern; undefined if the metadata lacks one (no gate). */
  readonly pattern: RegExp | undefined;
  readonly nationalPrefix: string;
}

// Methods present on libphonenumber-js's NumberingPlan at run time but missing from its types.
interface PlanInternals {
  possibleLengths(): number[];
  nationalNumberPattern?(): string;
  nationalPrefix?(): string | undefined;
}

function planOf(code: CountryCode): Plan {
  const metadata = new Metadata();
  metadata.selectNumberingPlan(code);
  const plan = metadata.numberingPlan as unknown as PlanInternals | undefined;
  const lengths = new Set(plan?.possibleLengths() ?? []);
  const source = typeof plan?.nationalNumberPattern === 'function' ? plan.nationalNumberPattern() : undefined;
  const nationalPrefix = (typeof plan?.nationalPrefix === 'function' && plan.nationalPrefix()) || '';
  return {
    code,
    lengths,
    maxDigits: Math.max(0, ...lengths) + nationalPrefix.length,
    pattern: source && lengths.size > 0 ? new RegExp(`^(?:${source})$`) : undefined,
    nationalPrefix,
  };
}

/**
 * `whole` when all the digits form a possible national number of `plan` (with or without its
 * national prefix), `part` when some run of consecutive digit groups does, else undefined.
 */
function gate(plan: Plan, groups: readonly string[]): 'whole' | 'part' | undefined {
  const { pattern, lengths, nationalPrefix } = plan;
  if (!pattern) return 'part';
  let result: 'part' | undefined;
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j];
      if (digits.length > plan.maxDigits) break;
      const possible =
        (lengths.has(digits.length) && pattern.test(digits)) ||
        (nationalPrefix !== '' &&
          digits.startsWith(nationalPrefix) &&
          lengths.has(digits.length - nationalPrefix.length) &&
          pattern.test(digits.slice(nationalPrefix.length)));
      if (possible && i === 0 && j === groups.length - 1) return 'whole';
      if (possible) result = partAllowed(groups) ? 'part' : result;
    }
  }
  return result;
}

/**
 * Whether a phone number may hide inside a longer digit run ("415-555-2671 12"): not in runs of
 * 15 digits or more, nor in runs grouped by four (card numbers and IBANs in print format), whose
 * sub-runs would otherwise cost a libphonenumber call each.
 */
function partAllowed(groups: readonly string[]): boolean {
  const digits = groups.reduce((n, g) => n + g.length, 0);
  return digits < 15 && !groupedByFour(groups, 3);
}

/** Whether `code` is an ISO 3166-1 alpha-2 region libphonenumber knows. */
export function isPhoneRegion(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

function scanner(options: PhoneOptions): (text: string) => Generator<Span> {
  const plans = options.regions.map(planOf);
  const regions: readonly CountryCode[] = options.regions.length > 0 ? options.regions : ['US'];
  const context = contextMatcher(options.context ?? []);
  const before = { boost: 0, minScore: 0, before: 5, after: 0 };
  return function* scan(text: string): Generator<Span> {
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
      const candidate = m[0];
      const groups = candidate.split(/\D+/).filter((g) => g.length > 0);
      const digits = groups.reduce((n, g) => n + g.length, 0);
      if (digits < 7 || NOT_A_PHONE.some((re) => re.test(candidate)) || groupedByFour(groups, 4)) continue;
      // Bare digits only count near a phone context word (see the file comment): checking that
      // first saves a libphonenumber call per account or order number.
      const bare = groups.length === 1 && groups[0] === candidate;
      if (bare && !context.matches(wordsAround(text, m.index, m.index, before))) continue;
      if (INTERNATIONAL.test(candidate)) {
        // The international prefix differs by region (00 in GB, 011 in US): try each in turn.
        for (const region of regions) {
          const spans = [...found(candidate, m.index, region)];
          yield* spans;
          if (spans.length > 0) break;
        }
        continue;
      }
      for (const plan of plans) {
        const fit = gate(plan, groups);
        if (fit === 'whole') {
          // The candidate is exactly a possible number: parse it (about half the cost of find).
          if (!parsePhoneNumberFromString(candidate, plan.code)?.isValid()) continue;
          yield { start: m.index, end: m.index + candidate.length, score: scoreOf(candidate) };
          break;
        }
        if (fit === 'part') {
          const spans = [...found(candidate, m.index, plan.code)];
          yield* spans;
          if (spans.length > 0) break;
        }
      }
    }
  };
}

/** Numbers libphonenumber finds in `candidate` (which starts at `offset`), as spans. */
function* found(candidate: string, offset: number, region: CountryCode): Generator<Span> {
  for (const n of findPhoneNumbersInText(candidate, { defaultCountry: region })) {
    const value = candidate.slice(n.startsAt, n.endsAt);
    if (NOT_A_PHONE.some((re) => re.test(value))) continue;
    yield { start: offset + n.startsAt, end: offset + n.endsAt, score: scoreOf(value) };
  }
}

const scoreOf = (value: string): number =>
  INTERNATIONAL.test(value) ? 0.7 : /^\d+$/.test(value) ? 0.3 : 0.5;

/** Options of the phone recognizer. */
export interface PhoneOptions {
  /** Regions whose national formats are recognised (ISO 3166-1 alpha-2), in priority order. */
  readonly regions: readonly CountryCode[];
  /** Extra context words (the policy's), added to the recognizer's own. */
  readonly context?: readonly string[];
}

/** The recognizer's own context words. */
export const PHONE_CONTEXT = [
  'phone',
  'telephone',
  'tel',
  'cell',
  'cellphone',
  'mobile',
  'call',
  'fax',
  'contact',
];

/** The PHONE_NUMBER recognizer. */
export function phoneRecognizer(options: PhoneOptions): Recognizer {
  return spanRecognizer({
    name: 'phone_number',
    entity: 'PHONE_NUMBER',
    context: PHONE_CONTEXT,
    scan: scanner({ ...options, context: [...PHONE_CONTEXT, ...(options.context ?? [])] }),
  });
}
