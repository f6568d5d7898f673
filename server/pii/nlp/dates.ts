/**
 * DATE_TIME: dates (of birth, admission, appointment) and clock times, in English, German and
 * French. Plain numbers, version strings ("v1.2.3", "2.4.1") and decimals are not dates: a
 * numeric date needs two separators of the same kind and a valid day and month, and a dot
 * separator needs two-digit day and month or a four-digit year.
 */
import type { Span } from './context.js';

// Month names and abbreviations: English, German, French. Each alternative ends at a word end.
const MONTH =
  '(?:jan(?:uary|uar|vier|v)?|j[äa]nner|feb(?:ruary|ruar)?|f[ée]v(?:rier|r)?|mar(?:ch|s)?|m[äa]rz|m[äa]r|' +
  'apr(?:il)?|avr(?:il)?|may|mai|june?|juni|juin|july?|juli|juil(?:let)?|aug(?:ust)?|ao[ûu]t|' +
  'sep(?:t(?:ember|embre)?)?|oct(?:ober|obre)?|okt(?:ober)?|nov(?:ember|embre)?|dec(?:ember)?|' +
  'dez(?:ember)?|d[ée]c(?:embre)?)(?![a-zà-ÿ])';
const WEEKDAY =
  '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|mittwoch|donnerstag|' +
  'freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\\.?,?\\s+';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const YEAR = '(?:1[89]\\d\\d|20\\d\\d)';

const PATTERNS: {
  re: RegExp;
  score: number;
  rule: string;
  check?: (m: RegExpExecArray) => boolean;
  /** The span is this capture group, at the end of the match (default: the whole match). */
  group?: number;
}[] = [
  {
    // 3 March 2024, 3rd of March, 12. März 2024, 1er janvier 2020, Monday 3 March 2024
    re: new RegExp(
      `(?<![\\w.])(?:${WEEKDAY})?${DAY}(?:st|nd|rd|th|er|\\.)?(?:\\s+of)?\\s+${MONTH}\\.?(?:,?\\s+${YEAR})?(?!\\d)`,
      'gi',
    ),
    score: 0.85,
    rule: 'date_day_month',
  },
  {
    // March 3, 2024; Mar 3rd; Monday, March 3 2024
    re: new RegExp(
      `(?<![\\w.])(?:${WEEKDAY})?${MONTH}\\.?\\s+${DAY}(?:st|nd|rd|th)?(?![\\d:.]\\d)(?:,?\\s+${YEAR})?(?!\\d)`,
      'gi',
    ),
    score: 0.85,
    rule: 'date_month_day',
  },
  {
    // March 2024
    re: new RegExp(`(?<![\\w.])${MONTH}\\.?\\s+${YEAR}(?!\\d)`, 'gi'),
    score: 0.75,
    rule: 'date_month_year',
  },
  {
    // 2024-03-05, 2024-03-05T14:30:00Z, 2024/03/05
    re: /(?<![\w.\-/])((?:19|20)\d\d)([-/])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?:[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\w\-/]|\.\d)/g,
    score: 0.9,
    rule: 'date_iso',
  },
  {
    // 05/03/2024, 5-3-24, 05.03.2024, 3/15/1985 (day-first or month-first)
    re: /(?<![\w.\-/])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w\-/]|[.:]\d)/g,
    score: 0.8,
    rule: 'date_numeric',
    check: numericDateOk,
  },
  {
    // 14:30, 9:05 am, 14:30:15, 14h30, 10.30 Uhr, 14:30 Uhr, 3 pm, 10 a.m., 14 Uhr
    re: /(?<![\w.:])(?:(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?(?![\w.])|\s?Uhr)?|h[0-5]\d|\.[0-5]\d\s?Uhr)|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?(?![\w.])|(?:[01]?\d|2[0-3])\s?Uhr)(?![\w:]|\.\d)/gi,
    score: 0.7,
    rule: 'time',
  },
  {
    // French hour alone, "à 7h", "avant 17h": only after a preposition ("toutes les 8h" is a rate).
    // The preposition is matched, not looked behind for, so the engine can skip ahead to it;
    // the span is the capture group (`group: 1`).
    re: /(?<![\p{L}])(?:à|vers|avant|après|dès|jusqu'à)\s((?:[01]?\d|2[0-3])h)(?![\w:])/gu,
    group: 1,
    score: 0.7,
    rule: 'time',
  },
];

function numericDateOk(m: RegExpExecArray): boolean {
  const [, a = '', sep, b = '', y = ''] = m;
  const d1 = Number(a);
  const d2 = Number(b);
  const validDayMonth = (d: number, mo: number) => d >= 1 && d <= 31 && mo >= 1 && mo <= 12;
  if (!validDayMonth(d1, d2) && !validDayMonth(d2, d1)) return false;
  if (y.length === 4 && (Number(y) < 1850 || Number(y) > 2150)) return false;
  // "1.2.24" is more likely a version than a date.
  if (sep === '.' && y.length === 2 && (a.length < 2 || b.length < 2)) return false;
  return true;
}

/** Finds dates and times in `text` (UTF-16 offsets). */
export function findDates(text: string): Span[] {
  const out: Span[] = [];
  // Every date and time has a digit: most texts' lines have none, so skip the regexes then.
  if (!/\d/.test(text)) return out;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      if (p.check && !p.check(m)) continue;
      const whole = m.index + m[0].length;
      const start = p.group === undefined ? m.index : whole - (m[p.group] as string).length;
      let end = whole;
      while (end > start && /[\s,]/.test(text[end - 1] as string)) end--;
      out.push({ type: 'DATE_TIME', start, end, score: p.score, rule: p.rule });
    }
  }
  return out;
}
