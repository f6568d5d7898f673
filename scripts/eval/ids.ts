/**
 * Structured identifiers for the synthetic evaluation set: valid ones (labelled as PII) and
 * near-misses that fail a check (labelled as nothing). Each takes a random source so that a
 * seeded faker makes the whole set reproducible. Checks are written here independently of the
 * engine's validators, so that a bug in one does not hide in the other.
 */

/** A random source: integers in [min, max]. */
export type RandomInt = (min: number, max: number) => number;

const digits = (rand: RandomInt, n: number): string => Array.from({ length: n }, () => rand(0, 9)).join('');

/** Luhn check digit for `payload` (digits only). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the digits of `s` pass the Luhn check. */
export function luhnValid(s: string): boolean {
  const d = s.replace(/\D/g, '');
  return d.length > 1 && luhnCheckDigit(d.slice(0, -1)) === Number(d.slice(-1));
}

/** ISO 13616 mod-97 check of an IBAN (spaces allowed). */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** A Luhn-invalid variant of a valid card number (last digit changed), same layout. */
export function breakLuhn(card: string): string {
  const last = Number(card.slice(-1));
  return card.slice(0, -1) + String((last + 1) % 10);
}

/** An IBAN whose check digits are wrong (mod-97 fails), same layout. */
export function breakIban(iban: string): string {
  // Valid check digits are 02-98; any other value in that range fails mod 97.
  const check = Number(iban.slice(2, 4));
  const wrong = String(check === 98 ? 97 : check + 1).padStart(2, '0');
  return iban.slice(0, 2) + wrong + iban.slice(4);
}

/** A valid US SSN: area 001-899 but not 666, group 01-99, serial 0001-9999. */
export function ssn(rand: RandomInt, separator: '-' | ' ' = '-'): string {
  let area = rand(1, 899);
  if (area === 666) area = 665;
  const parts = [
    String(area).padStart(3, '0'),
    String(rand(1, 99)).padStart(2, '0'),
    String(rand(1, 9999)).padStart(4, '0'),
  ];
  return parts.join(separator);
}

/** An SSN-shaped number the SSA never issues: area 000, 666 or 9xx. */
export function invalidSsn(rand: RandomInt): string {
  const area = ['000', '666', String(rand(900, 999))][rand(0, 2)] as string;
  return `${area}-${String(rand(1, 99)).padStart(2, '0')}-${String(rand(1, 9999)).padStart(4, '0')}`;
}

/** A valid NHS number (mod 11), grouped 3-3-4 or not. */
export function nhsNumber(rand: RandomInt, grouped: boolean): string {
  for (;;) {
    const nine = digits(rand, 9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const n = nine + String(check === 11 ? 0 : check);
    return grouped ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
  }
}

// Real UK postcode areas, and the letters the inward code may use.
const UK_AREAS = [
  'B',
  'BS',
  'CB',
  'CF',
  'EH',
  'G',
  'L',
  'LS',
  'M',
  'NE',
  'NW',
  'OX',
  'RG',
  'S',
  'SE',
  'SW',
  'W',
  'YO',
  'E',
  'N',
];
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ';

/** A UK postcode in the official shape ("LS1 4AB", "SW1A 2AA"). */
export function ukPostcode(rand: RandomInt): string {
  const area = UK_AREAS[rand(0, UK_AREAS.length - 1)] as string;
  const district = String(rand(1, 20));
  const letter =
    area.length === 2 && district.length === 1 && rand(0, 4) === 0
      ? 'ABCDEFGHJKMNPRSTUVWXY'[rand(0, 20)]
      : '';
  const inward = `${rand(0, 9)}${INWARD[rand(0, INWARD.length - 1)]}${INWARD[rand(0, INWARD.length - 1)]}`;
  return `${area}${district}${letter ?? ''} ${inward}`;
}
