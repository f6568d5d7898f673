import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../pii/analyzer.js';
import { BUILT_IN_ENTITIES, defaultPiiConfig } from '../pii/config.js';
import { asFound } from '../pii/test-support/found.js';
import { loadBundle } from './load.js';
import { bundleOf, cleanUpBundles, MINIMAL_RBAC, problemsOf } from './test-support/fixtures.js';

afterAll(cleanUpBundles);

const RBAC = `${MINIMAL_RBAC}  clinician:\n    permissions: [chat:use]\n`;

/** The single problem of a bundle whose pii.yaml is `pii`. */
function only(pii: string) {
  const problems = problemsOf({ 'rbac.yaml': RBAC, 'pii.yaml': pii });
  expect(problems).toHaveLength(1);
  return problems[0] as (typeof problems)[number];
}

describe('pii.yaml: absent', () => {
  it('gives the built-in defaults, which mask everything', () => {
    const bundle = bundleOf({ 'rbac.yaml': MINIMAL_RBAC });
    expect(bundle.files).toEqual(['rbac.yaml']);
    expect([...bundle.pii.entities].sort()).toEqual([...BUILT_IN_ENTITIES].sort());
    expect(bundle.pii.boundaries.prompt.default).toEqual({ type: 'pseudonymize' });
    expect(bundle.pii.boundaries.logs.default).toEqual({ type: 'replace' });
    expect(bundle.pii.restore).toEqual({ author: true, roles: [] });
  });
});

describe('pii.yaml: valid', () => {
  const pii = `
entities: [EMAIL_ADDRESS, US_SSN]
threshold: 0.5
thresholds: { US_SSN: 0.8 }
phoneRegions: [DE]
context: { before: 3 }
contextWords: { US_SSN: [sozialversicherung] }
recognizers:
  - name: mrn
    entity: MEDICAL_RECORD_NUMBER
    pattern: '\\bMRN-\\d{7}\\b'
    score: 0.6
    context: [chart]
  - name: acct
    entity: BANK_ACCOUNT_ID
    pattern: 'ACC-(?<value>\\d{8})'
    flags: i
    validator: luhn
boundaries:
  logs:
    default: redact
    entities:
      EMAIL_ADDRESS: { type: mask, keep: 3 }
      MEDICAL_RECORD_NUMBER: { type: replace, label: '[MRN]' }
  display:
    restore: { author: false, roles: [clinician] }
`;
  const bundle = bundleOf({ 'rbac.yaml': RBAC, 'pii.yaml': pii });

  it('compiles every setting, keeping defaults for what it leaves out', () => {
    const c = bundle.pii;
    expect(bundle.files).toEqual(['pii.yaml', 'rbac.yaml']);
    expect([...c.entities].sort()).toEqual([
      'BANK_ACCOUNT_ID',
      'EMAIL_ADDRESS',
      'MEDICAL_RECORD_NUMBER',
      'US_SSN',
    ]);
    expect([c.threshold, c.thresholds.get('US_SSN'), c.phoneRegions]).toEqual([0.5, 0.8, ['DE']]);
    expect(c.context).toEqual({ boost: 0.35, minScore: 0.4, before: 3, after: 0 });
    expect(c.custom.map((r) => r.name)).toEqual(['custom:mrn', 'custom:acct']);
    expect(c.boundaries.logs.default).toEqual({ type: 'redact' });
    expect(c.boundaries.logs.entities.get('EMAIL_ADDRESS')).toEqual({ type: 'mask', keep: 3, char: '*' });
    expect(c.boundaries.logs.entities.get('MEDICAL_RECORD_NUMBER')).toEqual({
      type: 'replace',
      label: '[MRN]',
    });
    expect(c.boundaries.prompt).toEqual(defaultPiiConfig().boundaries.prompt);
    expect(c.restore).toEqual({ author: false, roles: ['clinician'] });
  });

  it('runs the custom recognizers and leaves disabled entity types out', () => {
    const text = 'MRN-1234567, acc-12345674, ACC-12345675, card 4111 1111 1111 1111, bob@example.com';
    expect(asFound(text, new Analyzer(bundle.pii).analyze(text))).toEqual([
      { entity: 'MEDICAL_RECORD_NUMBER', value: 'MRN-1234567', score: 0.6 },
      { entity: 'BANK_ACCOUNT_ID', value: 'acc-12345674', score: 0.5 },
      { entity: 'EMAIL_ADDRESS', value: 'bob@example.com', score: 1 },
    ]);
  });
});

describe('pii.yaml: problems carry file, line and column', () => {
  it('a pattern with catastrophic backtracking is refused at the pattern, with the attack', () => {
    const p = only(`recognizers:\n  - name: bad\n    entity: THING\n    pattern: '(a+)+$'\n`);
    expect(p).toMatchObject({ file: 'pii.yaml', line: 4, column: 14 });
    expect(p.message).toMatch(
      /^pattern can backtrack catastrophically \(exponential\) near `a`: an input such as/,
    );
  });

  it('a refused flag is reported at the flags', () => {
    const p = only(`recognizers:\n  - name: bad\n    entity: THING\n    pattern: 'x'\n    flags: gi\n`);
    expect(p).toMatchObject({
      line: 5,
      column: 12,
      message: 'flag "g" is not allowed (allowed: i, m, s, u)',
    });
  });

  it('an invalid regular expression', () => {
    const p = only(`recognizers:\n  - name: bad\n    entity: THING\n    pattern: '(x'\n`);
    expect(p).toMatchObject({ line: 4, column: 14 });
    expect(p.message).toMatch(/^invalid regular expression/);
  });

  it('an unknown entity type, in the list and as a key', () => {
    expect(only('entities: [EMAIL_ADDRESS, PASSPORT]\n')).toMatchObject({
      line: 1,
      column: 27,
      message: 'unknown entity type "PASSPORT" (not built in, and no recognizer in this file declares it)',
    });
    expect(only('thresholds:\n  PASSPORT: 0.5\n')).toMatchObject({ line: 2, column: 3 });
    expect(
      only('boundaries:\n  logs:\n    default: replace\n    entities: { NOPE: redact }\n'),
    ).toMatchObject({
      line: 4,
      column: 17,
    });
  });

  it('a restore role rbac.yaml does not define', () => {
    expect(only('boundaries:\n  display:\n    restore: { roles: [nurse] }\n')).toMatchObject({
      line: 3,
      column: 24,
      message: 'restore names undefined role "nurse"',
    });
  });

  it('an option of another operator, an unknown operator, a bad masking character', () => {
    expect(only('boundaries:\n  logs:\n    default: { type: replace, keep: 2 }\n')).toMatchObject({
      line: 3,
      column: 31,
      message: '"keep" applies only to the mask operator',
    });
    expect(only('boundaries:\n  logs:\n    default: scramble\n').message).toMatch(
      /"scramble" is not an operator/,
    );
    expect(only('boundaries:\n  logs:\n    default: { type: mask, char: "ab" }\n').message).toBe(
      'the masking character must be a single character',
    );
  });

  it('an unknown phone region and a duplicate recognizer name', () => {
    expect(only('phoneRegions: [US, UK]\n')).toMatchObject({
      line: 1,
      column: 20,
      message: '"UK" is not a region libphonenumber knows',
    });
    const dup = `recognizers:\n  - { name: a, entity: X, pattern: 'x' }\n  - { name: a, entity: Y, pattern: 'y' }\n`;
    expect(only(dup)).toMatchObject({ line: 3, column: 13, message: 'duplicate recognizer name "a"' });
  });
});

describe('the default bundle in policies/', () => {
  it('has a pii.yaml that loads, with its example recognizer and clinician restore', () => {
    const bundle = loadBundle(new URL('../../policies', import.meta.url).pathname);
    expect(bundle.files).toContain('pii.yaml');
    expect(bundle.pii.restore).toEqual({ author: true, roles: ['clinician'] });
    const text = 'Chart MRN-1234567 for jane@example.com';
    expect(asFound(text, new Analyzer(bundle.pii).analyze(text)).map((f) => f.entity)).toEqual([
      'MEDICAL_RECORD_NUMBER',
      'EMAIL_ADDRESS',
    ]);
  });
});
