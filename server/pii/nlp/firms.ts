/**
 * Partnership names: family names joined by commas and a conjunction ("Fisher, Cruickshank and
 * Schmitt", "Hahn, Itt und Moeller") or by an ampersand ("Allen & Overy"). Three or more names
 * with commas, or two with "&", are a firm, not several people; none may be a given name.
 */
import type { Span } from './context.js';
import type { Gazetteer } from './gazetteer.js';
import { type Part, partsOf } from './parts.js';
import type { Run } from './runs.js';
import type { Token } from './tokens.js';

const CONJUNCTIONS = new Set(['and', 'und', 'et', 'en', 'e', 'y', '&']);
// "Walsh & Co", "Schimmel and Sons", "Dupont et Fils": a family business.
const FIRM_TAILS = new Set([
  'co',
  'company',
  'sons',
  'söhne',
  'fils',
  'partners',
  'associates',
  'cie',
  'figli',
  'hijos',
  'zonen',
]);

function familyName(tokens: readonly Token[], run: Run | undefined, g: Gazetteer): Part | undefined {
  if (!run) return undefined;
  const parts = partsOf(tokens, run, g);
  const p = parts[0];
  if (parts.length !== 1 || !p || p.upper) return undefined;
  // A family name (listed, or unknown and not an everyday word); a given name alone is not one.
  if (p.last) return p;
  return p.first || p.common || p.place !== undefined ? undefined : p;
}

/** A firm name starting at run `r`: the span and the index of its last run, or undefined. */
export function firmAt(
  tokens: readonly Token[],
  runs: readonly Run[],
  r: number,
  g: Gazetteer,
): { span: Span; lastRun: number } | undefined {
  const first = familyName(tokens, runs[r], g);
  if (!first) return undefined;
  const tailRun = runs[r + 1];
  const conjunction = tokens[(runs[r] as Run).last + 1];
  if (
    tailRun &&
    conjunction &&
    CONJUNCTIONS.has(conjunction.lower) &&
    tailRun.first === (runs[r] as Run).last + 2
  ) {
    const tail = partsOf(tokens, tailRun, g);
    if (tail.length === 1 && FIRM_TAILS.has((tail[0] as Part).lower)) {
      const end = (tail[0] as Part).end;
      return {
        span: { type: 'ORGANIZATION', start: first.start, end, score: 0.8, rule: 'organization_firm' },
        lastRun: r + 1,
      };
    }
  }
  let k = r;
  const names = [first];
  for (;;) {
    const cur = runs[k] as Run;
    const next = runs[k + 1];
    const sep = tokens[cur.last + 1];
    const name = familyName(tokens, next, g);
    if (!next || !sep || next.first !== cur.last + 2 || !name) return undefined;
    k++;
    names.push(name);
    if (sep.text === ',') continue;
    if (!CONJUNCTIONS.has(sep.lower)) return undefined;
    if (names.length < 3 && sep.text !== '&') return undefined;
    // "Anna, John and Mary" are people: a firm has at least one name that is not a given name.
    if (names.every((n) => n.first)) return undefined;
    const last = partsOf(tokens, runs[k] as Run, g)[0] as Part;
    return {
      span: {
        type: 'ORGANIZATION',
        start: first.start,
        end: last.end,
        score: 0.75,
        rule: 'organization_firm',
      },
      lastRun: k,
    };
  }
}
