/**
 * Check-digit algorithms used by the structured recognizers and, by name, by custom recognizers
 * in the policy. Each takes the candidate as matched (attacker-controlled text) and returns
 * whether it passes; none throws, and each is linear in its input.
 */

/** The digits of `s`, ignoring every other character. */
export function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

/**
 * Luhn (ISO/IEC 7812-1, Annex B): doubling every second digit from the right, the sum is a
 * multiple of 10. Non-digits are ignored; fewer than two digits fail.
 */
export function luhn(s: string): boolean {
  const digits = digitsOf(s);
  if (digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * ISO 7064 MOD 97-10: letters count as two digits (A = 10 .. Z = 35, as in ISO 13616), and the
 * resulting number is ≡ 1 (mod 97). Spaces and hyphens are ignored; any other character fails.
 */
export function mod97(s: string): boolean {
  const chars = s.replace(/[\s-]+/g, '').toUpperCase();
  if (chars.length < 2 || !/^[0-9A-Z]+$/.test(chars)) return false;
  return remainder97(chars) === 1;
}

/** The remainder mod 97 of an alphanumeric string read as in ISO 13616 (piecewise, no BigInt). */
export function remainder97(chars: string): number {
  let r = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else r = (r * 100 + (c - 55)) % 97; // 'A' (65) → 10
  }
  return r;
}

/**
 * Weighted mod 11 as used by the NHS number: the first n-1 digits weighted n..2, the check digit
 * is 11 − (sum mod 11), where 11 means 0 and 10 means the number is invalid.
 * (NHS Data Dictionary, "NHS Number".)
 */
export function mod11(s: string): boolean {
  const digits = digitsOf(s);
  if (digits.length < 2) return false;
  const n = digits.length;
  let sum = 0;
  for (let i = 0; i < n - 1; i++) sum += (digits.charCodeAt(i) - 48) * (n - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits.charCodeAt(n - 1) - 48;
}

// Verhoeff (1969): dihedral group D5 multiplication and permutation tables.
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff check digit (used e.g. by India's Aadhaar). Non-digits are ignored. */
export function verhoeff(s: string): boolean {
  const digits = digitsOf(s);
  if (digits.length < 2) return false;
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[d] ?? 0] ?? 0;
  }
  return c === 0;
}

/**
 * DEA registration number check digit: with digits d1..d7 after the two letters,
 * (d1 + d3 + d5) + 2 × (d2 + d4 + d6) ≡ d7 (mod 10).
 */
export function deaChecksum(s: string): boolean {
  const digits = digitsOf(s);
  if (digits.length !== 7) return false;
  const d = (i: number) => digits.charCodeAt(i) - 48;
  const sum = d(0) + d(2) + d(4) + 2 * (d(1) + d(3) + d(5));
  return sum % 10 === d(6);
}
