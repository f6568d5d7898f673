import { MAX_QUERY_TERMS } from '../storage/chunksText.js';

// Words too common to help BM25 find a passage, but whose posting lists are the longest to
// walk. English only, like the porter stemmer of the index; other languages keep every word.
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'may me my no not of on or our should so such than that the their them then there these they this to ' +
    'was we were what when where which who whom why will with would you your'
  ).split(' '),
);

/** Query text beyond this many characters is ignored (a question, not a document). */
export const MAX_QUERY_CHARS = 4000;

/**
 * The words of a user's question, for BM25: NFKC-normalised, lowercased runs of letters,
 * marks and digits, without English stop words, first occurrence first, at most
 * `MAX_QUERY_TERMS`. Everything else (quotes, `*`, `-`, `:`, parentheses, `^`, NUL) only
 * separates words, so no FTS5 syntax survives; the storage layer quotes each term again.
 * Attacker-controlled input.
 */
export function queryTerms(text: string): string[] {
  if (typeof text !== 'string') return [];
  const words =
    text
      .slice(0, MAX_QUERY_CHARS)
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of words) {
    if (STOPWORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    out.push(w);
    if (out.length === MAX_QUERY_TERMS) break;
  }
  // A question made only of stop words still deserves an answer: keep its words then.
  if (out.length === 0) return [...new Set(words)].slice(0, MAX_QUERY_TERMS);
  return out;
}
