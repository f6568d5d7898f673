/**
 * Cryptocurrency address checksums: Base58Check (Bitcoin's legacy P2PKH/P2SH encoding, a 4-byte
 * double SHA-256 checksum) and bech32 / bech32m (BIP 173 and BIP 350, a BCH code over 5-bit
 * groups). Inputs are attacker-controlled candidates of bounded length (the recognizer's pattern
 * caps them), so the quadratic base58 decoding below stays cheap.
 */
import { createHash } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58].map((c, i) => [c, i]));

/** Decodes base58 (no checksum); undefined on a character outside the alphabet. */
export function base58Decode(s: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const c of s) {
    const value = BASE58_INDEX.get(c);
    if (value === undefined) return undefined;
    let carry = value;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] as number) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading '1' is a leading zero byte.
  for (let i = 0; i < s.length && s[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/**
 * Base58Check: the last 4 bytes are the first 4 of SHA-256(SHA-256(payload)). A Bitcoin address
 * decodes to 25 bytes (version byte, 20-byte hash, checksum); that length is required here.
 */
export function base58Check(s: string): boolean {
  const bytes = base58Decode(s);
  if (bytes?.length !== 25) return false;
  const payload = bytes.subarray(0, 21);
  const check = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (check[i] !== bytes[21 + i]) return false;
  return true;
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i] as number;
  }
  return chk >>> 0;
}

/**
 * A segwit address in bech32 (witness version 0) or bech32m (versions 1..16), BIP 173 / BIP 350:
 * one case only, at most 90 characters, a known human-readable part, a valid checksum for the
 * encoding its witness version requires, and a witness program of a valid length.
 */
export function bech32Address(s: string): boolean {
  if (s.length > 90 || (s !== s.toLowerCase() && s !== s.toUpperCase())) return false;
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  if (hrp !== 'bc' && hrp !== 'tb' && hrp !== 'bcrt' && hrp !== 'ltc' && hrp !== 'tltc') return false;
  const data: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const v = BECH32_CHARSET.indexOf(c);
    if (v < 0) return false;
    data.push(v);
  }
  if (data.length < 7) return false;
  const expanded = [
    ...[...hrp].map((c) => c.charCodeAt(0) >> 5),
    0,
    ...[...hrp].map((c) => c.charCodeAt(0) & 31),
  ];
  const check = polymod([...expanded, ...data]);
  const version = data[0] as number;
  if (version > 16) return false;
  if (check !== (version === 0 ? BECH32_CONST : BECH32M_CONST)) return false;
  // Witness program: 5-bit groups after the version, minus the 6 checksum groups, as bytes.
  const programBits = (data.length - 7) * 5;
  const programBytes = Math.floor(programBits / 8);
  if (programBits % 8 > 4) return false;
  if (programBytes < 2 || programBytes > 40) return false;
  return version !== 0 || programBytes === 20 || programBytes === 32;
}
