import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk.js';
import type { Section } from './types.js';

/** One token per whitespace-separated word: easy to reason about in examples. */
const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
const doc = (...sections: Section[]) => ({ sections });

describe('chunkDocument', () => {
  it('packs whole paragraphs while they fit and keeps page and section', () => {
    const chunks = chunkDocument(
      doc(
        { text: 'one two three\n\nfour five\n\nsix seven eight nine', page: 4 },
        { text: 'ten eleven', heading: 'B', path: ['A', 'B'] },
      ),
      { countTokens: words, budget: 6 },
    );
    expect(chunks).toEqual([
      { index: 0, text: 'one two three\n\nfour five', page: 4, tokens: 5 },
      { index: 1, text: 'six seven eight nine', page: 4, tokens: 4 },
      { index: 2, text: 'ten eleven', section: 'A > B', tokens: 2 },
    ]);
  });

  it('never puts two sections (or pages) in one chunk, however small they are', () => {
    const chunks = chunkDocument(
      doc({ text: 'a', page: 1 }, { text: 'b', page: 2 }, { text: 'c', page: 2 }),
      {
        countTokens: words,
        budget: 100,
      },
    );
    expect(chunks.map((c) => [c.text, c.page])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
    ]);
  });

  it('cuts a long paragraph at sentence boundaries before words', () => {
    const text = 'Wash your hands. Dry them well. Use the gel after every patient. Then log it.';
    const chunks = chunkDocument(doc({ text }), { countTokens: words, budget: 7 });
    expect(chunks.map((c) => c.text)).toEqual([
      'Wash your hands. Dry them well.',
      'Use the gel after every patient.',
      'Then log it.',
    ]);
  });

  it('cuts at lines before sentences (CSV rows, list items)', () => {
    const text = 'name: Ann; ward: 3\nname: Bob; ward: 4\nname: Eve; ward: 5';
    const chunks = chunkDocument(doc({ text }), { countTokens: words, budget: 8 });
    expect(chunks.map((c) => c.text)).toEqual([
      'name: Ann; ward: 3\nname: Bob; ward: 4',
      'name: Eve; ward: 5',
    ]);
  });

  it('cuts a sentence longer than the budget at words, and a word at graphemes', () => {
    const long = 'a b c d e f g h i j';
    expect(chunkDocument(doc({ text: long }), { countTokens: words, budget: 4 }).map((c) => c.text)).toEqual([
      'a b c d',
      'e f g h',
      'i j',
    ]);
    const chars = (t: string) => [...t].length;
    const word = `x${'\u{1F469}\u200D\u2695\uFE0F'}yz`;
    const pieces = chunkDocument(doc({ text: word }), { countTokens: chars, budget: 5 }).map((c) => c.text);
    // The emoji sequence (4 code points) stays whole.
    expect(pieces).toEqual(['x\u{1F469}\u200D\u2695\uFE0F', 'yz']);
  });

  it('repeats the tail of the previous chunk within a section, never across sections', () => {
    const chunks = chunkDocument(
      // Capitals: UAX #29 does not end a sentence at ". " before a lower-case word.
      doc({ text: 'A1 a2 a3 a4. B1 b2 b3 b4. C1 c2 c3 c4.' }, { text: 'D1 d2 d3 d4.' }),
      { countTokens: words, budget: 6, overlap: 2 },
    );
    expect(chunks.map((c) => c.text)).toEqual([
      'A1 a2 a3 a4.',
      'a3 a4. B1 b2 b3 b4.',
      'b3 b4. C1 c2 c3 c4.',
      'D1 d2 d3 d4.',
    ]);
  });

  it('drops the overlap when it would leave no room for the next piece', () => {
    const chunks = chunkDocument(doc({ text: 'a b c d.\n\ne f g h i j.' }), {
      countTokens: words,
      budget: 6,
      overlap: 2,
    });
    expect(chunks.map((c) => c.text)).toEqual(['a b c d.', 'e f g h i j.']);
  });

  it('reports tokens as countTokens of the exact chunk text', () => {
    const count = (t: string) => t.length;
    for (const c of chunkDocument(doc({ text: 'alpha beta gamma delta epsilon zeta' }), {
      countTokens: count,
      budget: 12,
    })) {
      expect(c.tokens).toBe(count(c.text));
    }
  });

  it('refuses options that cannot work as caller mistakes', () => {
    const d = doc({ text: 'x' });
    expect(() => chunkDocument(d, { countTokens: words, budget: 0 })).toThrow(TypeError);
    expect(() => chunkDocument(d, { countTokens: words, budget: 10, overlap: 6 })).toThrow(TypeError);
    expect(() => chunkDocument(d, { countTokens: words, budget: 10, overlap: -1 })).toThrow(TypeError);
    expect(() => chunkDocument(d, { countTokens: () => 5, budget: 4 })).toThrow(RangeError);
  });
});

// --- property test -----------------------------------------------------------------------

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['ward', 'hand', 'gel', 'patient', 'Müller', 'nurse', '10 mg', 'e.g.', 'dose', '—', 'ok'];
const CJK = '患者は手を洗う。看護師が記録する。';
const EMOJI = '\u{1F469}\u200D\u2695\uFE0F';

function randomDocument(rand: () => number): Section[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const word = () => {
    const r = rand();
    if (r < 0.02) return 'x'.repeat(20 + Math.floor(rand() * 200)); // a word longer than any budget
    if (r < 0.04) return EMOJI.repeat(1 + Math.floor(rand() * 5));
    return pick(VOCAB);
  };
  const sentence = () =>
    rand() < 0.1 ? CJK : `${Array.from({ length: 1 + Math.floor(rand() * 25) }, word).join(' ')}.`;
  const paragraph = () =>
    Array.from({ length: 1 + Math.floor(rand() * 6) }, sentence).join(rand() < 0.3 ? '\n' : ' ');
  return Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => ({
    text: Array.from({ length: 1 + Math.floor(rand() * 5) }, paragraph).join('\n\n'),
    ...(rand() < 0.5 ? { page: i + 1 } : { heading: `H${i}`, path: ['Top', `H${i}`] }),
  }));
}

const TOKENIZERS: Record<string, (t: string) => number> = {
  words,
  'code points / 4': (t) => Math.ceil([...t].length / 4),
  // Not additive and not monotone in the length: the chunker may only trust what it measures.
  hashed: (t) => {
    let h = 0;
    for (const c of t) h = (h * 31 + (c.codePointAt(0) ?? 0)) | 0;
    return Math.ceil(t.length / 3) + (Math.abs(h) % 3);
  },
};

const squash = (s: string) => s.replace(/\s+/g, '');

describe('chunkDocument on random documents', () => {
  for (const [name, countTokens] of Object.entries(TOKENIZERS)) {
    it(`keeps every chunk within the budget, in its section, covering all text (${name})`, () => {
      const rand = prng(name.length * 7919);
      for (let run = 0; run < 150; run++) {
        const sections = randomDocument(rand);
        const budget = 8 + Math.floor(rand() * 60);
        const overlap = rand() < 0.4 ? 0 : Math.floor(rand() * (budget / 2));
        const chunks = chunkDocument({ sections }, { countTokens, budget, overlap });
        expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
        let at = 0;
        for (const s of sections) {
          const full = squash(s.text);
          const label = s.path ? s.path.join(' > ') : undefined;
          let start = -1;
          let end = 0;
          while (at < chunks.length && chunks[at]?.page === s.page && chunks[at]?.section === label) {
            const c = chunks[at] as (typeof chunks)[number];
            const ctx = `run ${run}, budget ${budget}, overlap ${overlap}, chunk ${at}`;
            expect(c.tokens, ctx).toBeLessThanOrEqual(budget);
            expect(c.tokens, ctx).toBe(countTokens(c.text));
            expect(c.text, ctx).toBe(c.text.trim());
            // The chunk starts inside or right after the previous one (its overlap is a suffix
            // of the previous chunk) and moves forward; without overlap it starts right after.
            const sq = squash(c.text);
            let pos = end;
            while (pos > start && !full.startsWith(sq, pos)) pos--;
            expect(pos, `${ctx}: text of its own section, with no gap and some progress`).toBeGreaterThan(
              start,
            );
            if (overlap === 0) expect(pos, ctx).toBe(end);
            start = pos;
            end = pos + squash(c.text).length;
            at++;
            // Sections with the same page and label are told apart by the text itself.
            if (end === full.length) break;
          }
          expect(end, `run ${run}: the section is covered to its end`).toBe(full.length);
        }
        expect(at).toBe(chunks.length);
      }
    });
  }
});
