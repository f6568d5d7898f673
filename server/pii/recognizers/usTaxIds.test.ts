import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { usItinRecognizer, usSsnRecognizer, validItin, validSsn } from './usTaxIds.js';

const ssn = usSsnRecognizer();
const itin = usItinRecognizer();

describe('US_SSN', () => {
  it('scores by format: hyphens 0.5, spaces or dots 0.4, bare digits 0.1', () => {
    expect(found(ssn, 'a 536-90-4399 b 536 90 4399 c 536.90.4399 d 536904399')).toEqual([
      { entity: 'US_SSN', value: '536-90-4399', score: 0.5 },
      { entity: 'US_SSN', value: '536 90 4399', score: 0.4 },
      { entity: 'US_SSN', value: '536.90.4399', score: 0.4 },
      { entity: 'US_SSN', value: '536904399', score: 0.1 },
    ]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 9xx (ITIN range)', '912-70-1234'],
    ['group 00', '536-00-4399'],
    ['serial 0000', '536-90-0000'],
    ['voided advertising number', '078-05-1120'],
    ['textbook example', '123-45-6789'],
    ['one digit repeated', '111-11-1111'],
    ['mixed separators', '536-90 4399'],
    ['part of a longer number', '1536-90-4399'],
    ['followed by more digits', '536-90-4399-1'],
  ])('drops %s', (_, text) => {
    expect(values(ssn, `ssn ${text}.`)).toEqual([]);
  });

  it('checks the rules directly', () => {
    expect(validSsn('536', '90', '4399')).toBe(true);
    expect(validSsn('899', '99', '9999')).toBe(true);
    expect(validSsn('900', '12', '3456')).toBe(false);
  });
});

describe('US_ITIN', () => {
  it('finds 9xx numbers with an IRS group', () => {
    expect(found(itin, 'ITIN 912-70-1234 and 999 94 0001')).toEqual([
      { entity: 'US_ITIN', value: '912-70-1234', score: 0.5 },
      { entity: 'US_ITIN', value: '999 94 0001', score: 0.4 },
    ]);
  });

  it.each([
    ['group 69', '912-69-1234'],
    ['group 93', '912-93-1234'],
    ['group 89', '912-89-1234'],
    ['an SSN', '536-90-4399'],
  ])('drops %s', (_, text) => {
    expect(values(itin, `itin ${text}`)).toEqual([]);
  });

  it('checks the ranges directly', () => {
    expect(validItin('900', '50')).toBe(true);
    expect(validItin('900', '66')).toBe(false);
    expect(validItin('800', '70')).toBe(false);
  });
});
