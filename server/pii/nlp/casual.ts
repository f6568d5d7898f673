/**
 * Names typed in lower case, as people do in chat ("can you check john smith's balance"): a
 * given name followed by a family name, both in the gazetteers and neither an ordinary word.
 * Capitalised names are the runs' business (./classify.ts).
 */
import type { Span } from './context.js';
import { FACT, type Gazetteer } from './gazetteer.js';
import type { Token } from './tokens.js';

// One lookup per word: listed as `want` (a given or a family name) and not an everyday word.
const plain = (t: Token | undefined, g: Gazetteer, want: number): t is Token => {
  if (t === undefined || t.kind !== 'word' || t.cap) return false;
  const m = g.facts.get(t.lower) ?? 0;
  return (m & want) !== 0 && (m & FACT.COMMON) === 0;
};

/** Finds lower-case "given family" name pairs. */
export function findCasualNames(tokens: readonly Token[], g: Gazetteer): Span[] {
  const out: Span[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    if (!plain(a, g, FACT.FIRST)) continue;
    const b = tokens[i + 1];
    if (!plain(b, g, FACT.LAST) || !b.space || b.newline) continue;
    out.push({ type: 'PERSON', start: a.start, end: b.end, score: 0.6, rule: 'person_lowercase' });
    i++;
  }
  return out;
}
