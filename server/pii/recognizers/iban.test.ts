import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { ibanRecognizer, validIban } from './iban.js';

const r = ibanRecognizer();

describe('IBAN_CODE', () => {
  it.each([
    'GB82 WEST 1234 5698 7654 32',
    'GB82WEST12345698765432',
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'CH9300762011623852957',
    'NO9386011117947',
    'gb82west12345698765432',
  ])('finds %s with score 1', (iban) => {
    expect(found(r, `IBAN: ${iban}, thanks`)).toEqual([{ entity: 'IBAN_CODE', value: iban, score: 1 }]);
  });

  it.each([
    ['wrong check digits', 'GB82 WEST 1234 5698 7654 33'],
    ['one character short of the German length', 'DE8937040044053201300'],
    ['unknown country', 'XX82WEST12345698765432'],
    ['spaces inside a group', 'GB82 WE ST12 3456 9876 5432'],
    ['glued to a word', 'GB82WEST12345698765432X'],
  ])('drops a near-miss: %s', (_, text) => {
    expect(values(r, `account ${text} here`)).toEqual([]);
  });

  it('stops a spaced IBAN at its length even when words follow', () => {
    expect(values(r, 'GB82 WEST 1234 5698 7654 32 THE END')).toEqual(['GB82 WEST 1234 5698 7654 32']);
  });

  it('finds two IBANs in a row', () => {
    expect(values(r, 'GB82WEST12345698765432 DE89370400440532013000')).toEqual([
      'GB82WEST12345698765432',
      'DE89370400440532013000',
    ]);
  });

  it('validates without a scan', () => {
    expect(validIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(validIban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
