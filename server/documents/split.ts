// How a section's text is cut into pieces for chunking, coarsest first. A piece is only cut
// further when it alone exceeds the token budget, so structure is kept wherever it fits.

/** A piece of text and the separator that goes before it when it follows another piece. */
export interface Piece {
  readonly text: string;
  readonly sep: string;
  /** How finely `text` has already been cut (index into LEVELS). */
  readonly level: number;
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Levels below the paragraph: line, sentence, word, grapheme, code point. */
const LEVELS: readonly ((text: string) => { text: string; sep: string }[])[] = [
  (t) => bySeparator(t, /\n/g),
  bySentence,
  (t) => bySeparator(t, /\s+/g),
  (t) => Array.from(graphemes.segment(t), (g) => ({ text: g.segment, sep: '' })),
  (t) => Array.from(t, (c) => ({ text: c, sep: '' })),
];

/** The paragraphs of a normalised section text (separated by blank lines). */
export function paragraphs(text: string): Piece[] {
  return bySeparator(text, /\n\n+/g).map((p) => ({ ...p, sep: p.sep === '' ? '' : '\n\n', level: 0 }));
}

/**
 * Cuts a piece at the next level that actually divides it; the first sub-piece keeps the
 * piece's own separator. Returns undefined when even single code points cannot be cut further.
 */
export function refine(piece: Piece): Piece[] | undefined {
  for (let level = piece.level; level < LEVELS.length; level++) {
    const cut = LEVELS[level]?.(piece.text) ?? [];
    if (cut.length > 1) {
      return cut.map((c, i) => ({ text: c.text, sep: i === 0 ? piece.sep : c.sep, level: level + 1 }));
    }
  }
  return undefined;
}

/** Joins pieces back into text (the first piece's separator is dropped). */
export function join(pieces: readonly Piece[], from: number, to: number): string {
  let s = pieces[from]?.text ?? '';
  for (let i = from + 1; i < to; i++) {
    const p = pieces[i] as Piece;
    s += p.sep + p.text;
  }
  return s;
}

/** Splits at a separator pattern, keeping what separated each part as that part's `sep`. */
function bySeparator(text: string, pattern: RegExp): { text: string; sep: string }[] {
  const out: { text: string; sep: string }[] = [];
  let last = 0;
  let sep = '';
  for (const m of text.matchAll(pattern)) {
    const part = text.slice(last, m.index);
    if (part !== '') out.push({ text: part, sep: out.length === 0 ? '' : sep });
    sep = m[0];
    last = m.index + m[0].length;
  }
  const tail = text.slice(last);
  if (tail !== '') out.push({ text: tail, sep: out.length === 0 ? '' : sep });
  return out;
}

/** Sentences per Unicode UAX #29 (Intl.Segmenter), trailing spaces moved into the next separator. */
function bySentence(text: string): { text: string; sep: string }[] {
  const out: { text: string; sep: string }[] = [];
  let sep = '';
  for (const { segment } of sentences.segment(text)) {
    const body = segment.trimEnd();
    if (body !== '') out.push({ text: body, sep: out.length === 0 ? '' : sep });
    sep = segment.slice(body.length) || (body === '' ? sep : '');
  }
  return out;
}
