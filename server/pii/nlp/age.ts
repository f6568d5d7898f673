/**
 * AGE: a person's age in years, in English, German and French phrasings: "42-year-old",
 * "42 years old", "aged 42", "age: 42", "42 yo", "42 y/o", "42-jährige", "42 Jahre alt",
 * "Alter: 42", "âgé de 42 ans", "elle a 42 ans". The span is the number alone, so that a masked
 * text still reads "<AGE>-year-old". Ages over 125 are not ages.
 */
import type { Span } from './context.js';

const PATTERNS: { re: RegExp; score: number }[] = [
  // Number first: "42-year-old", "42 yrs old", "42 yo", "42-jährige", "42 Jahre alt", "42 ans,".
  {
    re: /(?<![\w.,])(\d{1,3})(?:(?:\s|-)?(?:years?|yrs?)(?:\s|-)?old|\s?(?:yo|y\/o|y\.o\.)(?![\w/])|(?:\s|-)?jährige[rnms]?|\s(?:Jahre|J\.)\salt)(?![\p{L}\d])/giu,
    score: 0.85,
  },
  // Word first: "aged 42", "age: 42", "Age 42", "Alter: 42", "im Alter von 42", "âgé de 42 ans".
  {
    re: /(?<![\p{L}])(?:aged?|alter|âgée?\s+de|im\s+alter\s+von)\s*:?\s*(\d{1,3})(?![\d.,]\d|\s*(?:kg|cm|mm|mg|ml|%|lbs?)(?![\p{L}]))/giu,
    score: 0.85,
  },
  // French "(il|elle) a 42 ans", "patiente de 42 ans".
  { re: /(?<![\p{L}])(?:a|de)\s+(\d{1,3})\s+ans(?![\p{L}])/giu, score: 0.8 },
];

/** Finds ages in `text` (UTF-16 offsets of the number). */
export function findAges(text: string): Span[] {
  const out: Span[] = [];
  if (!/\d/.test(text)) return out;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
      const n = m[1] as string;
      if (Number(n) > 125) continue;
      // In every pattern the age is the match's first run of digits.
      const start = m.index + firstDigit(m[0]);
      out.push({ type: 'AGE', start, end: start + n.length, score: p.score, rule: 'age' });
    }
  }
  return out;
}

function firstDigit(s: string): number {
  const i = s.search(/\d/);
  return Math.max(i, 0);
}
