/**
 * ZIP_CODE, and the places an address layout names around it:
 *   - five digits (ZIP+4 too) after a US state ("Springfield, IL 62704") or a postal-code word;
 *   - five digits after a comma or a line start and before a capitalised town, the German and
 *     French layout ("10115 Berlin", "75001 Paris"); the town is a LOCATION;
 *   - UK postcodes ("NW1 6XE") and Canadian ones ("K1A 0B1") by their shape alone.
 * Five digits alone are not a ZIP code: quantities, amounts and order numbers look the same.
 */
import type { Span } from './context.js';
import type { Gazetteer } from './gazetteer.js';
import type { Token } from './tokens.js';

/** US state and territory abbreviations. */
export const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH ' +
    'OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'
  ).split(' '),
);
const ZIP_WORDS = new Set('zip zipcode postcode postal plz postleitzahl cp code'.split(' '));

const UK_POSTCODE = /(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])/g;
const CA_POSTCODE = /(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w-])/g;

const isCap = (t: Token | undefined): t is Token => t !== undefined && t.kind === 'word' && t.cap;

/** Finds ZIP codes and postcodes, and the towns and states an address layout marks. */
export function findZipCodes(text: string, tokens: readonly Token[], g: Gazetteer): Span[] {
  const out: Span[] = [];
  for (const re of [UK_POSTCODE, CA_POSTCODE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      out.push({
        type: 'ZIP_CODE',
        start: m.index,
        end: m.index + m[0].length,
        score: 0.8,
        rule: 'zip_shape',
      });
      // "Leeds LS1 4AB", "Bath, BA1 1AA": the town before a postcode.
      const at = tokenAt(tokens, m.index);
      if (at > 0) {
        const comma = tokens[at - 1]?.text === ',' ? at - 1 : at;
        const town = townEndingAt(tokens, comma - 1, g);
        if (town) out.push(town);
      }
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'num' || t.text.length !== 5) continue;
    const prev = tokens[i - 1];
    if (prev && prev.end === t.start && prev.kind !== 'word' && prev.text !== '-') continue;
    let end = t.end;
    // ZIP+4: "62704-1234".
    const dash = tokens[i + 1];
    const plus4 = tokens[i + 2];
    if (
      dash?.text === '-' &&
      dash.start === t.end &&
      plus4?.kind === 'num' &&
      plus4.text.length === 4 &&
      plus4.start === dash.end
    ) {
      end = plus4.end;
    }
    const state = stateBefore(tokens, i);
    if (state !== undefined) {
      out.push({ type: 'ZIP_CODE', start: t.start, end, score: 0.85, rule: 'zip_us' });
      out.push({ type: 'LOCATION', start: state.start, end: state.end, score: 0.75, rule: 'location_state' });
      const city = townBefore(tokens, state.index, g);
      if (city) out.push(city);
      continue;
    }
    if (zipWordBefore(tokens, i)) {
      out.push({ type: 'ZIP_CODE', start: t.start, end, score: 0.8, rule: 'zip_context' });
      continue;
    }
    const atStart =
      !prev ||
      t.newline ||
      prev.text === ',' ||
      (prev.text === '-' && /^[DFA]$/.test(tokens[i - 2]?.text ?? ''));
    const town = tokens[i + 1];
    if (atStart && end === t.end && isCap(town) && town.space && !town.newline) {
      const known = g.places.has(town.lower);
      out.push({ type: 'ZIP_CODE', start: t.start, end, score: known ? 0.8 : 0.7, rule: 'zip_town' });
      out.push(townAfter(tokens, i + 1, known));
    }
  }
  return out;
}

function stateBefore(
  tokens: readonly Token[],
  i: number,
): { start: number; end: number; index: number } | undefined {
  const s = tokens[i - 1];
  if (s?.kind !== 'word' || !s.space) return undefined;
  if (US_STATES.has(s.text)) return { start: s.start, end: s.end, index: i - 1 };
  return undefined;
}

function zipWordBefore(tokens: readonly Token[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
    const t = tokens[j] as Token;
    if (t.kind === 'word' && ZIP_WORDS.has(t.lower)) return true;
    if (t.kind === 'num' || t.text === '.') return false;
  }
  return false;
}

/** Index of the token starting at UTF-16 offset `start` (binary search), or -1. */
function tokenAt(tokens: readonly Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (tokens[mid] as Token).start;
    if (s === start) return mid;
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// Up to three capitalised words ending at token `last`, on one line: a town in an address. Not
// a street ("Baker Street NW1 6XE" names no town).
function townEndingAt(tokens: readonly Token[], last: number, g: Gazetteer): Span | undefined {
  const z = tokens[last];
  if (!isCap(z) || g.streetTypes.has(z.lower)) return undefined;
  let first = last;
  while (first > last - 2 && isCap(tokens[first - 1]) && !(tokens[first] as Token).newline) first--;
  const a = tokens[first] as Token;
  const known = g.places.has(z.lower);
  return {
    type: 'LOCATION',
    start: a.start,
    end: z.end,
    score: known ? 0.9 : 0.85,
    rule: 'location_in_address',
  };
}

// "Springfield, IL": the capitalised words before the comma before the state.
function townBefore(tokens: readonly Token[], stateIndex: number, g: Gazetteer): Span | undefined {
  if (tokens[stateIndex - 1]?.text !== ',') return undefined;
  return townEndingAt(tokens, stateIndex - 2, g);
}

// "10115 Berlin", "60311 Frankfurt am Main": the town after a postcode, up to the line's end.
function townAfter(tokens: readonly Token[], first: number, known: boolean): Span {
  let last = first;
  for (let k = first + 1; k < first + 4; k++) {
    const t = tokens[k];
    if (!t || t.newline) break;
    if (t.text === '-' && t.start === (tokens[k - 1] as Token).end && tokens[k + 1]?.kind === 'word') {
      last = k + 1;
      k++;
      continue;
    }
    if (!isCap(t) || !t.space) break;
    last = k;
  }
  const a = tokens[first] as Token;
  const z = tokens[last] as Token;
  return {
    type: 'LOCATION',
    start: a.start,
    end: z.end,
    score: known ? 0.85 : 0.75,
    rule: 'location_after_zip',
  };
}
