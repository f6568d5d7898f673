/**
 * The word tokenizer shared by the contextual recognizers: one pass over the text, offsets in
 * UTF-16 units of `TextView.text` (converted to code points only for the findings).
 */

/** A token: a run of letters (with inner apostrophes), a run of digits, or one other character. */
export interface Token {
  /** UTF-16 index of the first unit. */
  readonly start: number;
  /** UTF-16 index one past the last unit. */
  readonly end: number;
  readonly text: string;
  readonly lower: string;
  readonly kind: 'word' | 'num' | 'punct';
  /** First letter is upper case ("Smith", "SMITH", "McDonald"). */
  readonly cap: boolean;
  /** Every letter is upper case and there are at least two ("SMITH", "NHS"). */
  readonly upper: boolean;
  /** Whitespace separates it from the previous token (true for the first token). */
  readonly space: boolean;
  /** A line break separates it from the previous token (true for the first token). */
  readonly newline: boolean;
}

// Letters with inner apostrophes (O'Connor, d'Artagnan) but not a possessive "'s", which stays
// outside the word so that "Mary's" looks up "Mary". Digits apart; any other non-space alone.
// One shared instance: tokenize() is synchronous and resets lastIndex before use.
const TOKEN = /([\p{L}\p{M}]+(?:['’](?![sS](?![\p{L}\p{M}]))[\p{L}\p{M}]+)*)|(\d+)|[^\s\p{L}\p{M}\d]/gu;

/** Splits `text` into tokens. Linear time; the regular expression cannot backtrack. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = TOKEN;
  re.lastIndex = 0;
  let previousEnd = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const t = m[0];
    const start = m.index;
    const kind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'num' : 'punct';
    const lower = kind === 'word' ? t.toLowerCase() : t;
    let space = tokens.length === 0;
    let newline = tokens.length === 0;
    for (let i = previousEnd; i < start; i++) {
      space = true;
      const w = text.charCodeAt(i);
      if (w === 10 || w === 13) newline = true;
    }
    const c = t.charCodeAt(0);
    // ASCII capitals directly; otherwise "does lower-casing change the first letter".
    const cap = kind === 'word' && ((c >= 65 && c <= 90) || (c > 127 && t[0] !== lower[0]));
    tokens.push({
      start,
      end: start + t.length,
      text: t,
      lower,
      kind,
      cap,
      upper: cap && t.length > 1 && t === t.toUpperCase(),
      space,
      newline,
    });
    previousEnd = start + t.length;
  }
  return tokens;
}

/** Characters after which a capitalised word starts a sentence rather than being a name. */
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '"', '“', '•', '-', '–', '—', '*', '>', '(']);

/**
 * True when token `i` starts a sentence, a line or a bullet: there, capitalisation says nothing.
 * A dot after a one-letter initial or an abbreviation (`isAbbreviation`) does not end a sentence.
 */
export function startsSentence(
  tokens: readonly Token[],
  i: number,
  isAbbreviation: (t: Token) => boolean,
): boolean {
  const t = tokens[i];
  if (t === undefined || t.newline) return true;
  const p = tokens[i - 1];
  if (p === undefined) return true;
  if (p.kind !== 'punct' || !SENTENCE_END.has(p.text)) return false;
  if (p.text !== '.') return true;
  const q = tokens[i - 2];
  if (q === undefined || q.kind !== 'word' || q.end !== p.start) return true;
  return !(q.text.length === 1 && q.cap) && !isAbbreviation(q);
}
