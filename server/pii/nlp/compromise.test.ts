import { beforeAll, describe, expect, it } from 'vitest';
import { type Compromise, compromiseSpans, loadCompromise, sentenceWindows } from './compromise.js';
import { found } from './test-support/find.js';

let nlp: Compromise;
beforeAll(async () => {
  nlp = await loadCompromise();
});

describe('compromiseSpans', () => {
  it('maps compromise entities to spans of the whole text, without trailing punctuation', () => {
    const text = 'Intro. Barack Obama visited Paris, France. Outro.';
    const start = text.indexOf('Barack');
    const end = text.indexOf(' Outro');
    const spans = compromiseSpans(nlp, text, start, end, 0.6);
    const cut = spans.map((s) => `${s.type}:${text.slice(s.start, s.end)}`);
    expect(cut).toContain('PERSON:Barack Obama');
    expect(cut.some((c) => c.startsWith('LOCATION:Paris'))).toBe(true);
    expect(cut.every((c) => !/[,.]$/.test(c))).toBe(true);
  });
});

describe('sentenceWindows', () => {
  it('widens spans to their sentence, merges overlaps and stops at the maximum', () => {
    const text = 'One two. Three Xy four. Five Zz six. Seven Qq.';
    const at = (w: string): [number, number] => [text.indexOf(w), text.indexOf(w) + w.length];
    expect(sentenceWindows(text, [at('Xy'), at('four')], 200, 4)).toEqual([[8, 22]]);
    expect(sentenceWindows(text, [at('Xy'), at('Zz'), at('Qq')], 200, 2)).toHaveLength(2);
  });

  it('never reaches further than `reach` units from the span', () => {
    const text = `${'a'.repeat(500)} Xy ${'b'.repeat(500)}`;
    const [w] = sentenceWindows(text, [[501, 503]], 10, 1);
    expect(w).toEqual([491, 513]);
  });
});

describe('the compromise option', () => {
  it('adds names that the rules leave unexplained', () => {
    const text = 'we met barack obama and Quorvath Brightwater there.';
    const rulesOnly = found(text);
    const withNlp = found(text, { compromise: { nlp, scope: 'all' } });
    expect(rulesOnly).toEqual([]);
    expect(withNlp.length).toBeGreaterThan(0);
    expect(
      withNlp.every(
        (f) => f.startsWith('PERSON:') || f.startsWith('LOCATION:') || f.startsWith('ORGANIZATION:'),
      ),
    ).toBe(true);
  });
});
