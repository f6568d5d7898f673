import { describe, expect, it } from 'vitest';
import { breakIban, breakLuhn, ibanValid, invalidSsn, luhnValid, nhsNumber, ssn, ukPostcode } from './ids.js';

// A deterministic stand-in for faker's random integers.
function counter(seed: number): (min: number, max: number) => number {
  let x = seed;
  return (min, max) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return min + (x % (max - min + 1));
  };
}

describe('check digits', () => {
  it('accepts known-good values and rejects their broken twins', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid(breakLuhn('4111 1111 1111 1111'))).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid(breakIban('GB82 WEST 1234 5698 7654 32'))).toBe(false);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
  });
});

describe('generated identifiers', () => {
  const rand = counter(7);

  it('makes SSNs with a valid area and near-misses with an invalid one', () => {
    for (let i = 0; i < 200; i++) {
      const [area, group, serial] = ssn(rand).split('-');
      expect(area).not.toMatch(/^(000|666|9\d\d)$/);
      expect(group).not.toBe('00');
      expect(serial).not.toBe('0000');
      expect(invalidSsn(rand)).toMatch(/^(000|666|9\d\d)-\d\d-\d{4}$/);
    }
  });

  it('makes NHS numbers that pass mod 11', () => {
    for (let i = 0; i < 100; i++) {
      const n = nhsNumber(rand, i % 2 === 0).replace(/ /g, '');
      const sum = [...n.slice(0, 9)].reduce((acc, d, k) => acc + Number(d) * (10 - k), 0);
      expect((11 - (sum % 11)) % 11).toBe(Number(n[9]));
    }
  });

  it('makes UK postcodes in the official shape', () => {
    for (let i = 0; i < 100; i++)
      expect(ukPostcode(rand)).toMatch(/^[A-Z]{1,2}\d{1,2}[A-Z]? \d[ABD-HJLNP-UW-Z]{2}$/);
  });
});
