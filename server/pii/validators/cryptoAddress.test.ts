import { describe, expect, it } from 'vitest';
import { base58Check, base58Decode, bech32Address } from './cryptoAddress.js';

describe('Base58Check', () => {
  it('accepts real addresses and rejects one changed character', () => {
    expect(base58Check('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe(true);
    expect(base58Check('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toBe(false);
  });

  it('rejects characters outside the alphabet and wrong lengths', () => {
    expect(base58Decode('0OIl')).toBeUndefined();
    expect(base58Check('1111')).toBe(false);
  });

  it('decodes leading 1s as zero bytes', () => {
    expect([...(base58Decode('112') ?? [])]).toEqual([0, 0, 1]);
  });
});

describe('bech32 / bech32m', () => {
  it('accepts BIP 173 and BIP 350 vectors', () => {
    expect(bech32Address('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(true);
    expect(bech32Address('bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y')).toBe(
      true,
    );
  });

  it('rejects a wrong checksum constant for the version, mixed case, unknown prefixes', () => {
    // Version 1 with a bech32 (not bech32m) checksum: BIP 350 invalid vector.
    expect(bech32Address('bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx')).toBe(
      false,
    );
    expect(bech32Address('bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(false);
    expect(bech32Address('xx1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toBe(false);
  });
});
