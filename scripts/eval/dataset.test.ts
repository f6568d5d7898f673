import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { fill, generateSplit } from './dataset.js';
import { luhnValid } from './ids.js';

describe('generateSplit', () => {
  const tuning = generateSplit('tuning', 300);

  it('is reproducible for a seed and differs between splits', () => {
    expect(generateSplit('tuning', 300)).toEqual(tuning);
    const heldout = generateSplit('heldout', 300);
    expect(heldout.map((e) => e.text)).not.toEqual(tuning.map((e) => e.text));
    const tuningTemplates = new Set(tuning.map((e) => e.template));
    expect(heldout.some((e) => !tuningTemplates.has(e.template))).toBe(true);
  });

  it('labels spans whose code point offsets cut out their text', () => {
    for (const e of tuning) {
      const cps = [...e.text];
      for (const s of e.spans) expect(cps.slice(s.start, s.end).join('')).toBe(s.text);
    }
  });

  it('covers four locales, near-misses without labels, and valid card numbers', () => {
    expect(new Set(tuning.map((e) => e.locale))).toEqual(new Set(['en_US', 'en_GB', 'de', 'fr']));
    const near = tuning.filter((e) => e.nearMiss);
    expect(near.length).toBeGreaterThan(20);
    expect(near.every((e) => e.spans.length === 0)).toBe(true);
    const cards = tuning.flatMap((e) => e.spans).filter((s) => s.entity_type === 'CREDIT_CARD');
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => luhnValid(c.text))).toBe(true);
  });
});

describe('fill', () => {
  const faker = new Faker({ locale: [en, base], seed: 3 });
  const c = {
    faker,
    locale: 'en_US' as const,
    int: (min: number, max: number) => faker.number.int({ min, max }),
    pick: <T>(xs: readonly T[]) => faker.helpers.arrayElement(xs as T[]),
  };

  it('merges a given and a family name into one PERSON span', () => {
    const { text, spans } = fill('Call {FIRST} {LAST} now.', c);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.entity_type).toBe('PERSON');
    expect(text).toBe(`Call ${spans[0]?.text} now.`);
  });

  it('counts astral characters as one code point', () => {
    const { spans } = fill('😀 {FIRST}', c);
    expect(spans[0]?.start).toBe(2);
  });

  it('refuses an unknown slot', () => {
    expect(() => fill('{NOPE}', c)).toThrow(/unknown slot/);
  });
});
