import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { cryptoRecognizer } from './crypto.js';

const r = cryptoRecognizer();

describe('CRYPTO', () => {
  it.each([
    ['P2PKH (Base58Check)', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
    ['P2SH (Base58Check)', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'],
    ['segwit v0 (bech32)', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['segwit v0, upper case (BIP 173 vector)', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'],
    ['taproot (bech32m, BIP 350 vector)', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'],
    ['testnet v0', 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7'],
  ])('finds a %s address at 1.0', (_, address) => {
    expect(found(r, `send to ${address} today`)).toEqual([{ entity: 'CRYPTO', value: address, score: 1 }]);
  });

  it.each([
    ['Base58Check checksum broken', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'],
    ['bech32 checksum broken', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp'],
    ['mixed case bech32', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mDq'],
    [
      'v0 program with the bech32m checksum',
      'bc1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    ],
    ['base58 look-alike word', '1AbcdefghijkmnopqrstuvwxyzABCD'],
  ])('drops %s', (_, text) => {
    expect(values(r, `wallet ${text}`)).toEqual([]);
  });
});
