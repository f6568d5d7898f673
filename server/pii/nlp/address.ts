/**
 * STREET_ADDRESS: a building number with a street name and a street type, in the three layouts
 * of the locales Parley serves:
 *   - number, name, type after it ("221B Baker Street", "6582 Ruth Fords Apt. 4"), USPS types;
 *   - number, type before the name ("12 rue de la Paix", "3 Avenue d'Orsel");
 *   - name with the type inside or before it, then the number ("Birkenweg 57b",
 *     "Straßburger Str. 900", "Via Roma 5", "Calle Mayor 12").
 * Token based, so linear in the text's length; no regular expression sees the whole text.
 */
import type { Span } from './context.js';
import type { Gazetteer } from './gazetteer.js';
import type { Token } from './tokens.js';

// Abbreviated English street types (USPS Publication 28 and British usage).
const ABBREVIATED_TYPES = new Set(
  'st rd ave av blvd ln dr ct pl sq ter terr pkwy hwy cres cl cir ctr hts pk trl wy xing aly plz crt'.split(
    ' ',
  ),
);
const UNIT_WORDS = new Set(
  'apt apartment suite ste unit flat room rm floor fl app appt bldg building'.split(' '),
);
const DIRECTIONS = new Set('n s e w ne nw se sw north south east west'.split(' '));
// German street words as the end of a compound ("Birkenweg") or a word of their own ("Str.").
const DE_ENDINGS = [
  'straße',
  'strasse',
  'str',
  'weg',
  'allee',
  'platz',
  'gasse',
  'ring',
  'damm',
  'ufer',
  'chaussee',
  'pfad',
  'steig',
  'markt',
  'graben',
  'stieg',
  'kamp',
];
// The last three letters of every ending (two for "str"), to reject most words with one lookup.
const DE_TAILS = new Set(DE_ENDINGS.map((e) => e.slice(-3)));
const DE_ARTICLES = new Set(
  'am an im in zum zur auf der dem den alte alter altes alten neue neuer neues obere untere'.split(' '),
);
const FR_ARTICLES = new Set('de du des la le les l d'.split(' '));

const isCap = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'word' && t.cap;
const capital = (t: Token): boolean => t.kind === 'word' && t.cap;
const glued = (a: Token, b: Token | undefined): b is Token => b !== undefined && a.end === b.start;
const sameLine = (t: Token | undefined): t is Token => t !== undefined && !t.newline;

/** Finds street addresses among `tokens`. */
export function findStreetAddresses(tokens: readonly Token[], g: Gazetteer): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const found =
      t.kind === 'num'
        ? numberFirst(tokens, i, g)
        : t.kind === 'word' && t.cap
          ? nameFirst(tokens, i, g)
          : undefined;
    if (found) {
      out.push(found.span);
      i = found.last;
    }
  }
  return out;
}

interface Found {
  span: Span;
  last: number;
}

const make = (tokens: readonly Token[], first: number, last: number, score: number, rule: string): Found => ({
  span: {
    type: 'STREET_ADDRESS',
    start: (tokens[first] as Token).start,
    end: (tokens[last] as Token).end,
    score,
    rule,
  },
  last,
});

// "221B Baker Street Apt 4", "12 rue de la Paix".
function numberFirst(tokens: readonly Token[], i: number, g: Gazetteer): Found | undefined {
  const n = tokens[i] as Token;
  const before = tokens[i - 1];
  if (n.text.length > 5 || (before && glued(before, n) && before.kind !== 'word')) return undefined;
  let j = i + 1;
  const suffix = tokens[j];
  if (suffix && glued(n, suffix) && suffix.kind === 'word' && suffix.text.length <= 3) j++; // 221B, 12bis
  if (tokens[j]?.text === ',') j++;
  const first = tokens[j];
  if (!sameLine(first) || first.kind !== 'word' || !first.space) return undefined;
  if (g.streetPrefixes.has(first.lower)) {
    const end = nameAfterPrefix(tokens, j + 1);
    return end > j ? make(tokens, i, end, 0.95, 'address_number_prefix') : undefined;
  }
  // English layout: up to four name words, then a street type.
  let k = j;
  if (DIRECTIONS.has(first.lower) && isCap(first)) k++;
  let typeAt = -1;
  let names = 0;
  for (let words = 0; words < 6; words++) {
    const w = tokens[k];
    if (!sameLine(w) || !(capital(w) || w.kind === 'num') || (words > 0 && !w.space)) break;
    if (UNIT_WORDS.has(w.lower)) break;
    const isType = g.streetTypes.has(w.lower) || (ABBREVIATED_TYPES.has(w.lower) && w.cap);
    if (isType && names > 0) typeAt = k;
    names++;
    k++;
    // An ordinal ("5th Avenue") is a number glued to its suffix.
    if (w.kind === 'num' && tokens[k]?.kind === 'word' && glued(w, tokens[k])) k++;
    // A hyphenated name ("Rolfson-Boyer Square"), a possessive ("St Mary's Road") or an
    // abbreviation's dot ("St. John Street").
    while (
      tokens[k]?.text === '-' &&
      glued(tokens[k - 1] as Token, tokens[k]) &&
      tokens[k + 1]?.kind === 'word' &&
      glued(tokens[k] as Token, tokens[k + 1])
    ) {
      k += 2;
    }
    const q = tokens[k];
    if (q && glued(w, q) && (q.text === "'" || q.text === '’') && tokens[k + 1]?.lower === 's') k += 2;
    else if (q && glued(w, q) && q.text === '.') k++;
  }
  if (typeAt < 0) return undefined;
  let end = typeAt;
  const typeToken = tokens[typeAt] as Token;
  // The dot of an abbreviated type ("St.") belongs to it; after "Lane" it ends the sentence.
  const abbreviated = ABBREVIATED_TYPES.has(typeToken.lower);
  if (abbreviated && tokens[end + 1]?.text === '.' && glued(typeToken, tokens[end + 1])) end++;
  end = unit(tokens, end);
  // Above a person's score: "14 Paris Lane" is an address, not Mr Paris Lane.
  return make(tokens, i, end, ABBREVIATED_TYPES.has(typeToken.lower) ? 0.85 : 0.95, 'address_number_first');
}

// "Apt. 409", ", Suite 5", "Flat 3B", "#12" after a street.
function unit(tokens: readonly Token[], end: number): number {
  let k = end + 1;
  if (tokens[k]?.text === ',') k++;
  const w = tokens[k];
  if (!sameLine(w) || !(UNIT_WORDS.has(w.lower) || w.text === '#')) return end;
  k++;
  if (tokens[k]?.text === '.' || tokens[k]?.text === '#') k++;
  const n = tokens[k];
  if (!sameLine(n) || n.kind !== 'num') return end;
  const letter = tokens[k + 1];
  return letter && letter.kind === 'word' && glued(n, letter) && letter.text.length <= 2 ? k + 1 : k;
}

// The name after "rue", "avenue", "calle": capitalised words and articles, ending on a capital.
function nameAfterPrefix(tokens: readonly Token[], k: number): number {
  let last = -1;
  for (let words = 0; words < 8; words++, k++) {
    const w = tokens[k];
    if (!sameLine(w)) break;
    if (w.text === '-' || w.text === "'" || w.text === '’') continue;
    if (w.kind !== 'word') break;
    const lower = w.lower.replace(/^[dl]['’]/, '');
    if (capital(w) || /^[dl]['’]\p{Lu}/u.test(w.text)) last = k;
    else if (!FR_ARTICLES.has(lower)) break;
  }
  return last;
}

// "Birkenweg 57b", "Straßburger Str. 900", "Am Hang 3", "Via Roma 5", "Calle Mayor 12".
function nameFirst(tokens: readonly Token[], i: number, g: Gazetteer): Found | undefined {
  const t = tokens[i] as Token;
  let k = i;
  // A hyphenated compound ("Albert-Einstein-Str."): its last word carries the street type.
  while (
    tokens[k + 1]?.text === '-' &&
    glued(tokens[k] as Token, tokens[k + 1]) &&
    tokens[k + 2]?.kind === 'word'
  )
    k += 2;
  const lastWord = tokens[k] as Token;
  // "Bring", "During", "Spring" end like German street words but are English words.
  const ending =
    DE_TAILS.has(lastWord.lower.slice(-3)) && !g.commonWords.has(lastWord.lower)
      ? DE_ENDINGS.find((e) => lastWord.lower.endsWith(e))
      : undefined;
  let first = i;
  let score = 0.95;
  if (ending !== undefined) {
    const alone = lastWord.lower === ending && k === i;
    const prev = tokens[i - 1];
    // "Straßburger Str.": a type word alone needs the adjective before it.
    if (alone) {
      if (!isCap(prev) || !t.space || t.newline) return undefined;
      first = i - 1;
    } else if (isCap(prev) && DE_ARTICLES.has(prev.lower) && t.space && !t.newline) first = i - 1;
  } else if (g.streetPrefixes.has(t.lower) && k === i) {
    // "Via Roma 5": type, then one to three capitalised words, then the number.
    let m = i + 1;
    while (m < i + 4 && isCap(tokens[m]) && (tokens[m] as Token).space) m++;
    if (m === i + 1) return undefined;
    k = m - 1;
    score = 0.85;
  } else return undefined;
  if (tokens[k + 1]?.text === '.' && glued(tokens[k] as Token, tokens[k + 1])) k++;
  const n = tokens[k + 1];
  if (!sameLine(n) || n.kind !== 'num' || !n.space || n.text.length > 4) return undefined;
  let end = k + 1;
  const letter = tokens[end + 1];
  if (letter && letter.kind === 'word' && glued(n, letter) && letter.text.length === 1) end++;
  // Not a date or a measure: "Weg 12.5", "Platz 3/4".
  const after = tokens[end + 1];
  if (
    after &&
    glued(tokens[end] as Token, after) &&
    (after.text === '.' || after.text === '/') &&
    tokens[end + 2]?.kind === 'num'
  ) {
    return undefined;
  }
  return make(tokens, first, unit(tokens, end), score, 'address_name_first');
}
