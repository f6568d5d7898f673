import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { isPhoneRegion, phoneRecognizer } from './phone.js';

const usGb = phoneRecognizer({ regions: ['US', 'GB'] });

describe('PHONE_NUMBER', () => {
  it.each([
    ['US national', '(415) 555-2671', 0.5],
    ['US national, hyphens', '415-555-2671', 0.5],
    ['US national, dots', '415.555.2671', 0.5],
    ['GB national', '020 7946 0958', 0.5],
    ['international, GB', '+44 20 7946 0958', 0.7],
    ['international, DE (any country)', '+49 30 901820', 0.7],
    ['international with 00', '0044 20 7946 0958', 0.7],
    ['international, US', '+1 415-555-2671', 0.7],
  ])('finds %s', (_, phone, score) => {
    expect(found(usGb, `reach me at ${phone} today`)).toEqual([
      { entity: 'PHONE_NUMBER', value: phone, score },
    ]);
  });

  it('finds bare digits only after a phone context word, at 0.3', () => {
    expect(found(usGb, 'call 4155552671')).toEqual([
      { entity: 'PHONE_NUMBER', value: '4155552671', score: 0.3 },
    ]);
    expect(values(usGb, 'order 4155552671')).toEqual([]);
  });

  it('uses the policy extra context words for bare digits', () => {
    const r = phoneRecognizer({ regions: ['US'], context: ['durchwahl'] });
    expect(values(r, 'Durchwahl 4155552671')).toEqual(['4155552671']);
  });

  it('recognises national formats only of the listed regions', () => {
    expect(values(phoneRecognizer({ regions: ['US'] }), 'ring 020 7946 0958')).toEqual([]);
    expect(values(phoneRecognizer({ regions: ['GB'] }), 'ring 020 7946 0958')).toEqual(['020 7946 0958']);
  });

  it.each([
    ['an ISO date', '2024-03-01'],
    ['a European date', '01.03.2024'],
    ['a version', '10.0.19045.2965'],
    ['a dotted quad', '192.168.100.200'],
    ['an SSN', '536-90-4399'],
    ['a card number', '4111 1111 1111 1111'],
    ['an IBAN in print format', 'GB82 WEST 1234 5698 7654 32'],
    ['too few digits', '555-2671'],
  ])('drops %s', (_, text) => {
    expect(values(usGb, `phone ${text} end`)).toEqual([]);
  });

  it('validates the digits, not only the length (area code 123 does not exist in the US)', () => {
    const us = phoneRecognizer({ regions: ['US'] });
    expect(values(us, 'phone (123) 555-2671')).toEqual([]);
    expect(values(us, 'phone (212) 555-2671')).toEqual(['(212) 555-2671']);
  });

  it('finds a number followed by another number', () => {
    expect(values(usGb, 'phone 415-555-2671 12 times')).toEqual(['415-555-2671']);
  });

  it('knows region codes', () => {
    expect(isPhoneRegion('GB')).toBe(true);
    expect(isPhoneRegion('UK')).toBe(false);
  });
});
