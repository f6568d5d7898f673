import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { creditCardRecognizer, knownIin } from './creditCard.js';

const r = creditCardRecognizer();

describe('CREDIT_CARD', () => {
  it.each([
    ['Visa', '4111 1111 1111 1111'],
    ['Visa, no separators', '4111111111111111'],
    ['Mastercard, hyphens', '5555-5555-5555-4444'],
    ['Mastercard 2-series', '2223003122003222'],
    ['Amex 4-6-5', '3782 822463 10005'],
    ['Discover', '6011111111111117'],
    ['JCB', '3530111333300000'],
    ['Diners 14 digits', '30569309025904'],
    ['UnionPay', '6200000000000005'],
  ])('finds a valid %s number with score 1', (_, card) => {
    expect(found(r, `paid with ${card} yesterday`)).toEqual([
      { entity: 'CREDIT_CARD', value: card, score: 1 },
    ]);
  });

  it.each([
    ['Luhn failure', '4111 1111 1111 1112'],
    ['unknown issuer (Luhn-valid)', '1234 5678 1234 5670'],
    ['one digit repeated', '0000 0000 0000 0000'],
    ['mixed separators', '4111-1111 1111-1111'],
    ['groups not of four', '41111 11111 111111'],
    ['too short', '4111 1111 111'],
    ['Amex length on a Visa prefix', '411111111111116'],
    ['inside a longer number', '94111111111111111'],
  ])('drops a near-miss: %s', (_, text) => {
    expect(values(r, `card ${text} on file`)).toEqual([]);
  });

  it('takes the card from a greedy run followed by another number', () => {
    expect(values(r, 'card 4111 1111 1111 1111 12 units')).toEqual(['4111 1111 1111 1111']);
  });

  it('knows issuer lengths', () => {
    expect(knownIin('4111111111111')).toBe(true); // Visa 13
    expect(knownIin('37828224631000')).toBe(false); // Amex is 15
  });
});
