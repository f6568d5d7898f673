import { describe, expect, it } from 'vitest';
import { MemoryVault, PLACEHOLDER, placeholderFor, pseudonymKey } from './vault.js';

describe('MemoryVault', () => {
  it('numbers values per entity type and returns the same placeholder for the same key', () => {
    const v = new MemoryVault();
    expect(v.put({ entityType: 'PERSON', key: 'Jane', value: 'Jane' })).toBe('<PERSON_1>');
    expect(v.put({ entityType: 'PERSON', key: 'Bob', value: 'Bob' })).toBe('<PERSON_2>');
    expect(v.put({ entityType: 'LOCATION', key: 'Jane', value: 'Jane' })).toBe('<LOCATION_1>');
    expect(v.put({ entityType: 'PERSON', key: 'Jane', value: 'Jane\u200B' })).toBe('<PERSON_1>');
    expect(v.get('<PERSON_1>')).toBe('Jane');
    expect(v.get('<PERSON_9>')).toBeUndefined();
    expect(v.size).toBe(3);
  });
});

describe('pseudonymKey', () => {
  it('folds NFKC forms, invisible characters and white space, but keeps case', () => {
    expect(pseudonymKey(' Ｊａｎｅ\u200B  Doe ')).toBe('Jane Doe');
    expect(pseudonymKey('may')).not.toBe(pseudonymKey('May'));
  });
});

describe('placeholders', () => {
  it('match the placeholder pattern', () => {
    expect(placeholderFor('MEDICAL_RECORD_NUMBER', 12)).toBe('<MEDICAL_RECORD_NUMBER_12>');
    expect('<A_1> <PERSON_0> <person_1> <PERSON_1'.match(PLACEHOLDER)).toEqual(['<A_1>']);
  });
});
