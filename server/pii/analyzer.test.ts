import { describe, expect, it } from 'vitest';
import { Analyzer } from './analyzer.js';
import { defaultPiiConfig, type PiiConfig } from './config.js';
import { isPiiError, MAX_INPUT_UTF16 } from './errors.js';
import { asFound } from './test-support/found.js';
import type { Recognizer } from './types.js';

const config = (overrides: Partial<PiiConfig> = {}): PiiConfig => ({ ...defaultPiiConfig(), ...overrides });
const analyzer = new Analyzer(config());
const scan = (text: string, a = analyzer) => asFound(text, a.analyze(text));

describe('Analyzer', () => {
  it('reports code point offsets, so emoji before an entity do not shift them', () => {
    const text = '👩‍⚕️😀 mail jane@example.com';
    const [f] = analyzer.analyze(text);
    expect(f).toMatchObject({ entityType: 'EMAIL_ADDRESS', start: 11, end: 27 });
    expect([...text].slice(11, 27).join('')).toBe('jane@example.com');
  });

  it('raises a weak candidate with a context word before it (Presidio: +0.35, at least 0.4)', () => {
    expect(scan('passport 123456789')).toEqual([{ entity: 'US_PASSPORT', value: '123456789', score: 0.4 }]);
    expect(scan('order 123456789')).toEqual([]);
    expect(scan('SSN 536-90-4399')).toEqual([{ entity: 'US_SSN', value: '536-90-4399', score: 0.85 }]);
  });

  it('uses context words the policy adds, and the configured window', () => {
    const a = new Analyzer(config({ contextWords: new Map([['US_BANK_NUMBER', ['kontonummer']]]) }));
    expect(scan('Kontonummer 12345678901', a)).toEqual([
      { entity: 'US_BANK_NUMBER', value: '12345678901', score: 0.4 },
    ]);
    const narrow = new Analyzer(config({ context: { boost: 0.35, minScore: 0.4, before: 1, after: 0 } }));
    expect(scan('passport number is 123456789', narrow)).toEqual([]);
  });

  it('applies per-entity thresholds', () => {
    const strict = new Analyzer(config({ thresholds: new Map([['US_SSN', 0.9]]) }));
    expect(scan('SSN 536-90-4399', strict)).toEqual([]);
    expect(scan('write to jane@example.com', strict)).toHaveLength(1);
  });

  it('resolves overlaps between recognizers (validated card over weak bank number)', () => {
    expect(scan('account 4111111111111111')).toEqual([
      { entity: 'CREDIT_CARD', value: '4111111111111111', score: 1 },
    ]);
  });

  it('detects an e-mail and a card with zero-width characters inside; spans cover them', () => {
    const text = 'mail ja\u200Bne@exam\u2060ple.com card 4111\u200C 1111 1111 11\uFEFF11';
    expect(scan(text)).toEqual([
      { entity: 'EMAIL_ADDRESS', value: 'ja\u200Bne@exam\u2060ple.com', score: 1 },
      { entity: 'CREDIT_CARD', value: '4111\u200C 1111 1111 11\uFEFF11', score: 1 },
    ]);
  });

  it('detects full-width and Arabic-Indic digits', () => {
    expect(scan('カード ４１１１ １１１１ １１１１ １１１１ / ٥٣٦-٩٠-٤٣٩٩ SSN').map((f) => f.entity)).toEqual(
      ['CREDIT_CARD', 'US_SSN'],
    );
  });

  it('handles mixed scripts around identifiers', () => {
    const text = 'Пациент: почта иван@пример.рф, 電話 +44 20 7946 0958, IBAN DE89370400440532013000 شكرا';
    expect(scan(text).map((f) => [f.entity, f.value])).toEqual([
      ['EMAIL_ADDRESS', 'иван@пример.рф'],
      ['PHONE_NUMBER', '+44 20 7946 0958'],
      ['IBAN_CODE', 'DE89370400440532013000'],
    ]);
  });

  it('survives lone surrogates anywhere', () => {
    const text = '\uDC00\uD800 4111 1111 1111 1111 \uD800 jane@example.com\uDFFF';
    expect(scan(text).map((f) => f.value)).toEqual(['4111 1111 1111 1111', 'jane@example.com']);
  });

  it('runs contextual recognizers passed in, only for enabled entity types', () => {
    const person: Recognizer = {
      name: 'fake_person',
      entities: ['PERSON', 'NRP'],
      context: ['patient'],
      analyze: () => [
        { entityType: 'PERSON', start: 8, end: 16, score: 0.3, recognizer: 'fake_person' },
        { entityType: 'NRP', start: 0, end: 7, score: 0.9, recognizer: 'fake_person' },
      ],
    };
    const a = new Analyzer(config({ entities: new Set(['PERSON']) }), { contextual: [person] });
    expect(scan('patient Jane Doe', a)).toEqual([{ entity: 'PERSON', value: 'Jane Doe', score: 0.65 }]);
  });

  it('drops candidates a recognizer reports outside the text or with a bad score', () => {
    const broken: Recognizer = {
      name: 'broken',
      entities: ['PERSON'],
      analyze: () => [
        { entityType: 'PERSON', start: 0, end: 99, score: 0.9, recognizer: 'broken' },
        { entityType: 'PERSON', start: 2, end: 1, score: 0.9, recognizer: 'broken' },
        { entityType: 'PERSON', start: 0, end: 2, score: 1.5, recognizer: 'broken' },
        { entityType: 'PERSON', start: 0, end: 2, score: Number.NaN, recognizer: 'broken' },
      ],
    };
    expect(new Analyzer(config(), { contextual: [broken] }).analyze('abc')).toEqual([]);
  });

  it('analyses 10 MiB of text and finds every identifier in it', () => {
    const block = 'Patient record: SSN 536-90-4399, card 4111 1111 1111 1111, mail a.b@example.org; ok.\n';
    const copies = Math.floor(MAX_INPUT_UTF16 / block.length);
    const text = block.repeat(copies).padEnd(MAX_INPUT_UTF16, ' ');
    expect(text.length).toBe(MAX_INPUT_UTF16);
    const findings = analyzer.analyze(text);
    expect(findings).toHaveLength(copies * 3);
    const last = findings.at(-1);
    expect(last?.end).toBe((copies - 1) * block.length + block.indexOf('; ok'));
  });

  it('refuses input over the limit with pii_input_too_large', () => {
    let caught: unknown;
    try {
      analyzer.analyze(' '.repeat(MAX_INPUT_UTF16 + 1));
    } catch (err) {
      caught = err;
    }
    expect(isPiiError(caught, 'pii_input_too_large')).toBe(true);
  });
});
