import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { medicalLicenseRecognizer, ukNhsRecognizer } from './health.js';

describe('UK_NHS', () => {
  const r = ukNhsRecognizer();
  it.each(['943 476 5919', '943-476-5919', '9434765919', '401 023 2137'])(
    'finds %s (mod 11 valid) at 0.45',
    (nhs) => {
      expect(found(r, `NHS ${nhs}.`)).toEqual([{ entity: 'UK_NHS', value: nhs, score: 0.45 }]);
    },
  );
  it.each([
    ['wrong check digit', '943 476 5918'],
    ['mixed separators', '943 476-5919'],
    ['one digit repeated', '000 000 0000'],
    ['eleven digits', '94347659190'],
  ])('drops %s', (_, text) => {
    expect(values(r, `NHS ${text}.`)).toEqual([]);
  });
});

describe('MEDICAL_LICENSE (DEA)', () => {
  const r = medicalLicenseRecognizer();
  it.each(['AB1234563', 'ab1234563', 'M91234563'])('finds %s at 0.85', (dea) => {
    expect(found(r, `DEA ${dea}`)).toEqual([{ entity: 'MEDICAL_LICENSE', value: dea, score: 0.85 }]);
  });
  it.each([
    ['bad check digit', 'AB1234564'],
    ['registrant letter I is not used', 'IB1234563'],
    ['eight digits', 'AB12345630'],
    ['glued to a word', 'XAB1234563'],
  ])('drops %s', (_, text) => {
    expect(values(r, `DEA ${text}`)).toEqual([]);
  });
});
