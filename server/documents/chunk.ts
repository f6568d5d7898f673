import { join, type Piece, paragraphs, refine } from './split.js';
import type { Chunk, ParsedDocument, Section } from './types.js';

/** How to cut a parsed document into chunks. */
export interface ChunkOptions {
  /**
   * Tokens in a text, as the embedding model counts them, e.g.
   * `(text) => model.tokenize(text).length`. Called on every candidate chunk.
   */
  readonly countTokens: (text: string) => number;
  /** Most tokens in one chunk. */
  readonly budget: number;
  /** Tokens of the previous chunk's tail repeated at the start of the next one in the same section. */
  readonly overlap?: number;
}

const invalid = (message: string) => Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_VALUE' });

/**
 * Cuts each section into chunks of at most `budget` tokens, measured with `countTokens` on
 * the exact chunk text. Chunks never span two sections (so never two pages or headings).
 * Within a section, paragraphs are packed whole while they fit; a piece that does not fit
 * alone is cut at lines, then sentences (Unicode UAX #29), then words, then graphemes, then
 * code points. Each chunk after the first in a section starts with up to `overlap` tokens of
 * the previous chunk's last words, unless that would leave no room for new text.
 */
export function chunkDocument(parsed: Pick<ParsedDocument, 'sections'>, options: ChunkOptions): Chunk[] {
  const { countTokens, budget, overlap = 0 } = options;
  if (typeof countTokens !== 'function') throw invalid('countTokens must be a function');
  if (!Number.isSafeInteger(budget) || budget < 1)
    throw invalid(`budget must be a positive integer, got ${budget}`);
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap > budget / 2) {
    throw invalid(`overlap must be an integer from 0 to half the budget, got ${overlap}`);
  }
  const chunks: Chunk[] = [];
  for (const section of parsed.sections) {
    for (const { text, tokens } of chunkSection(section.text, countTokens, budget, overlap)) {
      chunks.push(Object.freeze({ index: chunks.length, text, ...where(section), tokens }));
    }
  }
  return chunks;
}

function where(s: Section): { page?: number; section?: string } {
  return {
    ...(s.page !== undefined ? { page: s.page } : {}),
    ...(s.path && s.path.length > 0 ? { section: s.path.join(' > ') } : {}),
  };
}

function chunkSection(
  text: string,
  count: (text: string) => number,
  budget: number,
  overlap: number,
): { text: string; tokens: number }[] {
  const pieces: Piece[] = paragraphs(text);
  const out: { text: string; tokens: number }[] = [];
  let i = 0;
  let useTail = true;
  while (i < pieces.length) {
    const prev = out.at(-1)?.text;
    const tail = useTail && prev !== undefined && overlap > 0 ? overlapTail(prev, count, overlap) : '';
    const first = pieces[i] as Piece;
    const compose = (k: number) => (tail === '' ? '' : tail + first.sep) + join(pieces, i, i + k);
    const measured = new Map<number, number>();
    const fits = (k: number) => {
      const n = count(compose(k));
      measured.set(k, n);
      return n <= budget;
    };
    if (!fits(1)) {
      if (tail !== '') {
        useTail = false; // no room for both: this chunk starts fresh
        continue;
      }
      const finer = refine(first);
      if (!finer)
        throw new RangeError(`countTokens says a single character needs more than ${budget} tokens`);
      pieces.splice(i, 1, ...finer);
      continue;
    }
    // Gallop, then bisect: O(log k) measurements per chunk. Only measured fits are accepted,
    // so the budget holds even for a tokenizer whose counts are not monotone.
    let good = 1;
    let bad = 0;
    while (i + good < pieces.length) {
      const next = Math.min(good * 2, pieces.length - i);
      if (fits(next)) good = next;
      else {
        bad = next;
        break;
      }
    }
    while (bad > good + 1) {
      const mid = (good + bad) >>> 1;
      if (fits(mid)) good = mid;
      else bad = mid;
    }
    out.push({ text: compose(good), tokens: measured.get(good) as number });
    i += good;
    useTail = true;
  }
  return out;
}

/** The longest run of whole trailing words of `prev` that counts at most `overlap` tokens. */
function overlapTail(prev: string, count: (text: string) => number, overlap: number): string {
  const starts: number[] = [];
  for (const m of prev.matchAll(/\s+(?=\S)/g)) starts.push(m.index + m[0].length);
  let lo = 0;
  let hi = starts.length; // starts[hi] would be past the end: the empty tail
  let best = '';
  // Later starts give shorter suffixes; find the earliest one that fits.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const suffix = prev.slice(starts[mid]);
    if (count(suffix) <= overlap) {
      best = suffix;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}
