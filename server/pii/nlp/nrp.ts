/**
 * NRP (nationality, religious or political group): demonyms ("German", "Nigerian"), religions
 * ("Catholic", "Muslim", "katholisch") and political groups ("Labour", "Republicans", "SPD").
 * Adjacent NRP words are one span ("Roman Catholic", "Liberal Democrats"), and "party" after
 * one belongs to it ("Green Party").
 */
import type { Span } from './context.js';
import type { Gazetteer } from './gazetteer.js';
import { NATIONALITIES, NRP_WORDS, WEAK_NRP_WORDS } from './lexicon.js';
import { isAbbreviation } from './runs.js';
import { startsSentence, type Token } from './tokens.js';

// Words after a demonym that make it a language, not a group of people.
const LANGUAGE_BEFORE = new Set([
  'speaks',
  'speak',
  'speaking',
  'spoken',
  'language',
  'languages',
  'in',
  'interpreter',
  'translator',
  'sprache',
  'langue',
]);

function nrpWord(tokens: readonly Token[], i: number, g: Gazetteer): number {
  const t = tokens[i] as Token;
  if (t.kind !== 'word') return 0;
  if ((g.demonyms.has(t.lower) || NATIONALITIES.has(t.lower)) && t.cap) {
    const before = tokens[i - 1];
    const prevWord = before?.text === ':' ? tokens[i - 2] : before;
    return prevWord && prevWord.kind === 'word' && LANGUAGE_BEFORE.has(prevWord.lower) ? 0 : 0.85;
  }
  if (!NRP_WORDS.has(t.lower)) return 0;
  if (!WEAK_NRP_WORDS.has(t.lower)) return 0.85;
  return t.cap && !startsSentence(tokens, i, isAbbreviation) ? 0.7 : 0;
}

/** The last token of a two-word nationality ("Sri Lankan") or "Jehovah's Witness" at `i`; -1. */
function phraseEnd(tokens: readonly Token[], i: number): number {
  const t = tokens[i] as Token;
  if (t.kind !== 'word' || !t.cap) return -1;
  const next = tokens[i + 1];
  if (next?.kind === 'word' && next.space && NATIONALITIES.has(`${t.lower} ${next.lower}`)) return i + 1;
  const w = tokens[i + 3];
  if (
    t.lower === 'jehovah' &&
    tokens[i + 2]?.lower === 's' &&
    (w?.lower === 'witness' || w?.lower === 'witnesses')
  ) {
    return i + 3;
  }
  return -1;
}

/** Finds NRP mentions among `tokens`. */
export function findNrp(tokens: readonly Token[], g: Gazetteer): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phraseEnd(tokens, i);
    let score = phrase > i ? 0.85 : nrpWord(tokens, i, g);
    if (score === 0) continue;
    let last = Math.max(i, phrase);
    for (;;) {
      const next = tokens[last + 1];
      if (!next?.space || next.newline) break;
      const s =
        nrpWord(tokens, last + 1, g) || (next.lower === 'party' || next.lower === 'partei' ? score : 0);
      if (s === 0) break;
      score = Math.max(score, s);
      last++;
    }
    out.push({
      type: 'NRP',
      start: (tokens[i] as Token).start,
      end: (tokens[last] as Token).end,
      score,
      rule: 'nrp_lexicon',
    });
    i = last;
  }
  return out;
}
