import { describe, expect, it } from 'vitest';
import { found } from '../test-support/found.js';
import { customRecognizer } from './recognizer.js';

describe('customRecognizer', () => {
  it('reports matches with the declared entity and score, named custom:<name>', () => {
    const r = customRecognizer({
      name: 'mrn',
      entity: 'MEDICAL_RECORD_NUMBER',
      pattern: /\bMRN[- ]?\d{7}\b/gi,
      score: 0.6,
      context: ['chart'],
    });
    expect(r.name).toBe('custom:mrn');
    expect(r.context).toEqual(['chart']);
    expect(found(r, 'see MRN-1234567 and mrn 7654321')).toEqual([
      { entity: 'MEDICAL_RECORD_NUMBER', value: 'MRN-1234567', score: 0.6 },
      { entity: 'MEDICAL_RECORD_NUMBER', value: 'mrn 7654321', score: 0.6 },
    ]);
  });

  it('drops candidates failing the validator, applied to the `value` group when there is one', () => {
    const r = customRecognizer({
      name: 'acct',
      entity: 'BANK_ACCOUNT_ID',
      pattern: /ACC-(?<value>\d{8})/g,
      score: 0.7,
      validator: 'luhn',
      context: [],
    });
    // 12345674 passes Luhn; 12345675 does not.
    expect(found(r, 'ACC-12345674 ACC-12345675').map((f) => f.value)).toEqual(['ACC-12345674']);
    expect(r.context).toBeUndefined();
  });
});
