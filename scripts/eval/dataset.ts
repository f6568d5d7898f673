/**
 * The synthetic labelled PII set: templates filled by a seeded faker in four locales, with every
 * span of personal data labelled by construction (offsets in code points, as the engine's). Two
 * splits with different seeds and partly different templates: tune on `tuning` only.
 */
import { base, de, en, en_GB, en_US, Faker, fr } from '@faker-js/faker';
import { FILLERS, type FillContext, type Locale, type Segment } from './fillers.js';
import { type Split, templatesFor } from './templates.js';

/** One labelled span. */
export interface LabeledSpan {
  readonly entity_type: string;
  /** Code point offsets, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One labelled text. */
export interface Example {
  readonly id: string;
  readonly split: Split;
  readonly locale: Locale;
  readonly template: string;
  /** A near-miss template: shapes of personal data that are not personal data. */
  readonly nearMiss: boolean;
  readonly text: string;
  readonly spans: readonly LabeledSpan[];
}

/** Default seeds of the splits. */
export const SEEDS: Readonly<Record<Split, number>> = { tuning: 1001, heldout: 2002 };

const LOCALES: readonly [Locale, number][] = [
  ['en_US', 0.35],
  ['en_GB', 0.25],
  ['de', 0.2],
  ['fr', 0.2],
];
const DEFINITIONS = {
  en_US: [en_US, en, base],
  en_GB: [en_GB, en, base],
  de: [de, en, base],
  fr: [fr, en, base],
};
const NEAR_MISS_SHARE = 0.2;
const SLOT = /\{([A-Z0-9_]+)\}/g;

function context(faker: Faker, locale: Locale): FillContext {
  return {
    faker,
    locale,
    int: (min, max) => faker.number.int({ min, max }),
    pick: <T>(xs: readonly T[]) => faker.helpers.arrayElement(xs as T[]),
  };
}

/** Fills one template; returns the text and its labelled spans. */
export function fill(template: string, c: FillContext): { text: string; spans: LabeledSpan[] } {
  const segments: Segment[] = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    segments.push({ text: template.slice(last, m.index) });
    const filler = FILLERS[m[1] as string];
    if (!filler) throw new Error(`unknown slot {${m[1]}} in: ${template}`);
    segments.push(...filler(c));
    last = m.index + m[0].length;
  }
  segments.push({ text: template.slice(last) });
  let text = '';
  // "{FIRST} {LAST}" is one name: merge a person, a space and a person into one span.
  for (let i = segments.length - 3; i >= 0; i--) {
    const [a, gap, b] = [segments[i], segments[i + 1], segments[i + 2]] as [Segment, Segment, Segment];
    if (a.label === 'PERSON' && b.label === 'PERSON' && gap.label === undefined && gap.text === ' ') {
      segments.splice(i, 3, { text: `${a.text} ${b.text}`, label: 'PERSON' });
    }
  }
  let cp = 0;
  const spans: LabeledSpan[] = [];
  for (const s of segments) {
    const n = [...s.text].length;
    if (s.label) spans.push({ entity_type: s.label, start: cp, end: cp + n, text: s.text });
    text += s.text;
    cp += n;
  }
  return { text, spans };
}

/** Generates `count` examples of `split` (reproducible for a given seed). */
export function generateSplit(split: Split, count: number, seed: number = SEEDS[split]): Example[] {
  const chooser = new Faker({ locale: [en, base], seed });
  const contexts = new Map<Locale, FillContext>();
  LOCALES.forEach(([locale], i) => {
    const faker = new Faker({ locale: DEFINITIONS[locale], seed: seed * 10 + i });
    contexts.set(locale, context(faker, locale));
  });
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const locale = chooser.helpers.weightedArrayElement(
      LOCALES.map(([value, weight]) => ({ value, weight })),
    );
    const { regular, nearMiss } = templatesFor(split, locale);
    const isNear = chooser.number.float({ min: 0, max: 1 }) < NEAR_MISS_SHARE;
    const template = chooser.helpers.arrayElement(isNear ? nearMiss : regular);
    const { text, spans } = fill(template, contexts.get(locale) as FillContext);
    out.push({ id: `${split}-${i}`, split, locale, template, nearMiss: isNear, text, spans });
  }
  return out;
}
