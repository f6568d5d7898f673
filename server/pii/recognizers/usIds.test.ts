import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { usBankNumberRecognizer, usDriverLicenseRecognizer, usPassportRecognizer } from './usIds.js';

describe('US_PASSPORT', () => {
  const r = usPassportRecognizer();
  it('reports nine digits (0.05) and letter + eight digits (0.1): weak without context', () => {
    expect(found(r, 'passport 123456789 or C03005988')).toEqual([
      { entity: 'US_PASSPORT', value: '123456789', score: 0.05 },
      { entity: 'US_PASSPORT', value: 'C03005988', score: 0.1 },
    ]);
  });
  it.each(['1234567890', '12345678', 'CC03005988', 'c03005988', '123-456789'])('drops %s', (text) => {
    expect(values(r, `no ${text} here`)).toEqual([]);
  });
});

describe('US_DRIVER_LICENSE', () => {
  const r = usDriverLicenseRecognizer();
  it('reports state layouts at 0.3 and digit runs at 0.01', () => {
    expect(found(r, 'DL D1234567, WA WDL**AB123CD, 12ABC12345 and 1234567')).toEqual([
      { entity: 'US_DRIVER_LICENSE', value: 'D1234567', score: 0.3 },
      { entity: 'US_DRIVER_LICENSE', value: 'WDL**AB123CD', score: 0.3 },
      { entity: 'US_DRIVER_LICENSE', value: '12ABC12345', score: 0.3 },
      { entity: 'US_DRIVER_LICENSE', value: '1234567', score: 0.01 },
    ]);
  });
  it.each(['d1234567', 'COVID19', 'A123', '12345'])('drops %s', (text) => {
    expect(values(r, `x ${text} y`)).toEqual([]);
  });
});

describe('US_BANK_NUMBER', () => {
  const r = usBankNumberRecognizer();
  it('reports 8 to 17 digits at 0.05', () => {
    expect(found(r, 'acct 12345678 and 12345678901234567')).toEqual([
      { entity: 'US_BANK_NUMBER', value: '12345678', score: 0.05 },
      { entity: 'US_BANK_NUMBER', value: '12345678901234567', score: 0.05 },
    ]);
  });
  it.each(['1234567', '123456789012345678', '12345678-9'])('drops %s', (text) => {
    expect(values(r, `acct ${text}`)).toEqual([]);
  });
});
