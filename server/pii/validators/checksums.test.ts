import { describe, expect, it } from 'vitest';
import { deaChecksum, digitsOf, luhn, mod11, mod97, remainder97, verhoeff } from './checksums.js';

describe('check digits', () => {
  it('luhn (ISO/IEC 7812-1)', () => {
    expect(luhn('4111 1111 1111 1111')).toBe(true);
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('79927398710')).toBe(false);
    expect(luhn('0')).toBe(false);
    expect(luhn('')).toBe(false);
  });

  it('mod97 (ISO 7064 MOD 97-10)', () => {
    expect(remainder97('3214282912345698765432161182')).toBe(1); // GB82WEST... rearranged
    expect(mod97('WEST12345698765432GB82')).toBe(true);
    expect(mod97('WEST12345698765432GB83')).toBe(false);
    expect(mod97('A!B')).toBe(false);
  });

  it('mod11 (NHS)', () => {
    expect(mod11('943 476 5919')).toBe(true);
    expect(mod11('943 476 5918')).toBe(false);
    // Check digit 10 is never valid.
    expect(mod11('0000000010')).toBe(false);
  });

  it('verhoeff', () => {
    expect(verhoeff('2363')).toBe(true);
    expect(verhoeff('2364')).toBe(false);
    expect(verhoeff('3632')).toBe(false); // transposition caught
  });

  it('DEA', () => {
    expect(deaChecksum('1234563')).toBe(true);
    expect(deaChecksum('1234564')).toBe(false);
    expect(deaChecksum('123456')).toBe(false);
  });

  it('digitsOf ignores everything else', () => {
    expect(digitsOf('a1-2 3')).toBe('123');
  });
});
