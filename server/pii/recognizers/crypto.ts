/**
 * CRYPTO: cryptocurrency wallet addresses whose checksum verifies.
 * - Base58Check (Bitcoin P2PKH `1...` and P2SH `3...`, Litecoin `L`/`M`, Dogecoin `D`): 26 to 35
 *   base58 characters decoding to 25 bytes whose last 4 are SHA-256(SHA-256(first 21)).
 * - Segwit bech32 / bech32m (BIP 173, BIP 350): `bc1`, `tb1`, `ltc1` ... in one case.
 * A 32-bit (Base58Check) or 30-bit (bech32) checksum makes a chance match negligible: 1.0.
 */
import type { Recognizer } from '../types.js';
import { base58Check, bech32Address } from '../validators/cryptoAddress.js';
import { matchAll, type Span, spanRecognizer } from './shared.js';

const CANDIDATE =
  /(?<![A-Za-z0-9])(?:[13LMD][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|bcrt|ltc|tltc)1[02-9ac-hj-np-z]{6,87}|(?:BC|TB|BCRT|LTC|TLTC)1[02-9AC-HJ-NP-Z]{6,87})(?![A-Za-z0-9])/g;

function* scan(text: string): Generator<Span> {
  for (const m of matchAll(CANDIDATE, text)) {
    const s = m[0];
    const ok = /^[13LMD]/.test(s) && !/^(?:ltc|tltc)1/i.test(s) ? base58Check(s) : bech32Address(s);
    if (ok) yield { start: m.index, end: m.index + s.length, score: 1 };
  }
}

/** The CRYPTO recognizer. */
export function cryptoRecognizer(): Recognizer {
  return spanRecognizer({
    name: 'crypto',
    entity: 'CRYPTO',
    context: ['wallet', 'btc', 'bitcoin', 'crypto', 'address', 'litecoin', 'ltc', 'segwit'],
    scan,
  });
}
