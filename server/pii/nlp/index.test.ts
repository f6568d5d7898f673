import { describe, expect, it } from 'vitest';
import { CHUNK_UTF16 } from './analysis.js';
import { CONTEXTUAL_RECOGNIZERS, contextualRecognizers } from './index.js';
import { found } from './test-support/find.js';
import { simpleTextView } from './test-support/textView.js';

describe('contextualRecognizers', () => {
  it('returns one recognizer per entity type, each producing only its type', () => {
    const recognizers = contextualRecognizers();
    expect(recognizers.map((r) => r.entities[0]).sort()).toEqual(Object.keys(CONTEXTUAL_RECOGNIZERS).sort());
    const view = simpleTextView('Dr. John Smith, 42-year-old, lives at 221B Baker Street, London NW1 6XE.');
    for (const r of recognizers) {
      for (const f of r.analyze(view)) {
        expect(f.entityType).toBe(r.entities[0]);
        expect(f.recognizer).toBe(r.name);
        expect(f.score).toBeGreaterThan(0);
        expect(f.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('honours the entity subset and refuses unknown types', () => {
    const only = contextualRecognizers({ entities: ['AGE'] });
    expect(only.map((r) => r.name)).toEqual(['age']);
    expect(() => contextualRecognizers({ entities: ['PERSONS'] })).toThrow(TypeError);
  });

  it('reports code point offsets when astral characters come first', () => {
    const text = '😀😀 Patient John Smith, 42-year-old.';
    const view = simpleTextView(text);
    const person = contextualRecognizers({ entities: ['PERSON'] })[0]?.analyze(view)[0];
    expect(person).toBeDefined();
    // Two emoji are two code points but four UTF-16 units.
    expect(person?.start).toBe([...'😀😀 Patient '].length);
    expect([...text].slice(person?.start, person?.end).join('')).toBe('John Smith');
  });

  it('returns findings that do not overlap, across all types', () => {
    const view = simpleTextView(
      'Mrs Anna Kowalski, 12 Paris Lane, Leeds LS1 4AB, born 03/04/1960 in Krakow, Poland.',
    );
    const all = contextualRecognizers()
      .flatMap((r) => r.analyze(view))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < all.length; i++)
      expect(all[i]?.start).toBeGreaterThanOrEqual(all[i - 1]?.end as number);
    expect(all.length).toBeGreaterThan(5);
  });

  it('finds the same things in a long text as in its lines, at shifted offsets', () => {
    const line = 'Patient John Smith (DOB 03/04/1960) lives at 221B Baker Street, London NW1 6XE.\n';
    const long = line.repeat(Math.ceil((3 * CHUNK_UTF16) / line.length));
    const inLine = found(line);
    const inLong = found(long);
    expect(inLong.length).toBe(inLine.length * Math.ceil((3 * CHUNK_UTF16) / line.length));
    expect(inLong.slice(-inLine.length)).toEqual(inLine);
  });

  it('does not throw on lone surrogates, and keeps offsets on them', () => {
    const text = '\uD800 Dr. John Smith \uDC00 in Boston';
    expect(found(text)).toEqual(['TITLE:Dr.', 'PERSON:John Smith', 'LOCATION:Boston']);
  });

  it('caches one analysis per view: repeated calls give equal, independent arrays', () => {
    const [person] = contextualRecognizers({ entities: ['PERSON'] });
    const view = simpleTextView('Please call John Smith.');
    const first = person?.analyze(view);
    first?.pop();
    expect(person?.analyze(view)).toHaveLength(1);
  });

  it('can run without the name and place lists (for the ablation)', () => {
    const text = 'The file mentions John Smith and Madrid.';
    expect(found(text)).toEqual(['PERSON:John Smith', 'LOCATION:Madrid']);
    expect(found(text, { gazetteers: false })).toEqual([]);
    expect(found('Seen by Dr. Quorvath.', { gazetteers: false })).toEqual(['TITLE:Dr.', 'PERSON:Quorvath']);
    expect(found('Seen by Dr. Quorvath on 03/04/2024.', { rules: false })).toEqual(['DATE_TIME:03/04/2024']);
  });
});
