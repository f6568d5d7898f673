/**
 * Slot fillers of the synthetic PII set: each slot of a template ("{PERSON}", "{IBAN}",
 * "{BAD_CARD}") becomes text, with the parts that are personal data labelled by construction.
 * Values come from a seeded faker of the sentence's locale, so the set is reproducible.
 */
import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { breakIban, breakLuhn, ibanValid, invalidSsn, luhnValid, nhsNumber, ssn, ukPostcode } from './ids.js';
import {
  CLINICAL_ROLES,
  DRUGS,
  HONORIFICS,
  MONTHS,
  NATIONALITIES,
  POLITICS,
  RELIGIONS,
  UK_TOWNS,
} from './vocabulary.js';

/** The locales of the set. */
export type Locale = 'en_US' | 'en_GB' | 'de' | 'fr';

/** A piece of generated text; `label` is its entity type when it is personal data. */
export interface Segment {
  readonly text: string;
  readonly label?: string;
}

/** What a filler may use. */
export interface FillContext {
  readonly faker: Faker;
  readonly locale: Locale;
  /** Integer in [min, max], from the faker's seeded source. */
  int(min: number, max: number): number;
  pick<T>(xs: readonly T[]): T;
}

type Filler = (c: FillContext) => Segment[];

const one = (text: string, label?: string): Segment[] => [label ? { text, label } : { text }];
const REGION: Record<Locale, 'US' | 'GB' | 'DE' | 'FR'> = { en_US: 'US', en_GB: 'GB', de: 'DE', fr: 'FR' };
const lang = (c: FillContext): 'en' | 'de' | 'fr' =>
  c.locale.startsWith('en') ? 'en' : (c.locale as 'de' | 'fr');

function fullName(c: FillContext): string {
  const f = c.faker.person.firstName();
  const l = c.faker.person.lastName();
  const r = c.int(0, 9);
  if (r === 0 && c.locale.startsWith('en')) return `${f} ${c.faker.person.middleName()} ${l}`;
  if (r === 1) return `${f[0]}. ${l}`;
  return `${f} ${l}`;
}

function formatDate(c: FillContext, d: Date): string {
  const day = d.getUTCDate();
  const m = d.getUTCMonth();
  const y = d.getUTCFullYear();
  const dd = String(day).padStart(2, '0');
  const mm = String(m + 1).padStart(2, '0');
  const month = MONTHS[lang(c)][m] as string;
  const r = c.int(0, 3);
  switch (c.locale) {
    case 'en_US':
      return [
        `${mm}/${dd}/${y}`,
        `${month} ${day}, ${y}`,
        `${month.slice(0, 3)} ${day}, ${y}`,
        `${y}-${mm}-${dd}`,
      ][r] as string;
    case 'en_GB':
      return [
        `${dd}/${mm}/${y}`,
        `${day} ${month} ${y}`,
        `${day}${ordinal(day)} ${month} ${y}`,
        `${y}-${mm}-${dd}`,
      ][r] as string;
    case 'de':
      return [
        `${dd}.${mm}.${y}`,
        `${day}. ${month} ${y}`,
        `${dd}.${mm}.${String(y).slice(2)}`,
        `${y}-${mm}-${dd}`,
      ][r] as string;
    case 'fr':
      return [
        `${dd}/${mm}/${y}`,
        `${day === 1 ? '1er' : day} ${month} ${y}`,
        `${day} ${month} ${y}`,
        `${dd}/${mm}/${y}`,
      ][r] as string;
  }
}

const ordinal = (d: number): string =>
  d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th';

function formatTime(c: FillContext): string {
  const h = c.int(7, 19);
  const min = c.pick(['00', '15', '30', '45', '10', '50']);
  const h12 = h > 12 ? h - 12 : h;
  const ampm = h >= 12 ? 'pm' : 'am';
  switch (lang(c)) {
    case 'en':
      return c.pick([
        `${h}:${min}`,
        `${h12}:${min} ${ampm}`,
        `${h12}${ampm}`,
        `${h12}:${min}${ampm.toUpperCase()}`,
      ]);
    case 'de':
      return c.pick([`${h}:${min} Uhr`, `${h} Uhr`, `${h}:${min}`]);
    case 'fr':
      return c.pick([`${h}h${min}`, `${h}h`, `${h}:${min}`]);
  }
}

function phone(c: FillContext): string {
  for (let i = 0; i < 50; i++) {
    const style = c.pick(['national', 'international', 'human'] as const);
    const p = c.faker.phone.number({ style }).replace(/\s*x\d+$/, '');
    // faker draws digits at random; a real number is an assigned one, so keep valid ones only.
    if (parsePhoneNumberFromString(p, REGION[c.locale])?.isValid()) return p;
  }
  return c.pick(['+1 415 555 2671', '+44 20 7946 0958', '+49 30 901820', '+33 1 42 68 53 00']);
}

function card(c: FillContext): string {
  for (;;) {
    const raw = c.faker.finance.creditCardNumber(c.pick(['visa', 'mastercard', 'amex', 'discover']));
    if (!luhnValid(raw)) continue;
    const d = raw.replace(/\D/g, '');
    if (c.int(0, 2) === 0 || d.length !== 16) return raw;
    return c.int(0, 1) === 0 ? d : d.replace(/(\d{4})(?=\d)/g, '$1 ');
  }
}

function iban(c: FillContext): string {
  const country = c.pick(['DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT']);
  for (;;) {
    const raw = c.faker.finance.iban({ formatted: c.int(0, 1) === 0, countryCode: country });
    if (ibanValid(raw)) return raw;
  }
}

function streetAddress(c: FillContext): string {
  return c.faker.location.streetAddress(c.locale === 'en_US' && c.int(0, 4) === 0);
}

function city(c: FillContext): string {
  if (c.locale === 'en_GB') return c.pick(UK_TOWNS);
  return c.faker.location.city();
}

function zip(c: FillContext): string {
  if (c.locale === 'en_GB') return ukPostcode(c.int);
  if (c.locale === 'en_US') return c.faker.location.zipCode(c.int(0, 3) === 0 ? '#####-####' : '#####');
  return c.faker.location.zipCode('#####');
}

function address(c: FillContext): Segment[] {
  const s = (text: string, label?: string): Segment => (label ? { text, label } : { text });
  switch (c.locale) {
    case 'en_US':
      return [
        s(streetAddress(c), 'STREET_ADDRESS'),
        s(', '),
        s(city(c), 'LOCATION'),
        s(', '),
        s(c.faker.location.state({ abbreviated: true }), 'LOCATION'),
        s(' '),
        s(zip(c), 'ZIP_CODE'),
      ];
    case 'en_GB':
      return [
        s(streetAddress(c), 'STREET_ADDRESS'),
        s(', '),
        s(city(c), 'LOCATION'),
        s(c.int(0, 1) ? ' ' : ', '),
        s(zip(c), 'ZIP_CODE'),
      ];
    default:
      return [
        s(streetAddress(c), 'STREET_ADDRESS'),
        s(', '),
        s(zip(c), 'ZIP_CODE'),
        s(' '),
        s(city(c), 'LOCATION'),
      ];
  }
}

function hospital(c: FillContext): string {
  const l = c.faker.person.lastName();
  const town = city(c);
  switch (lang(c)) {
    case 'en':
      return c.pick([
        `${town} General Hospital`,
        `St ${l}'s Hospital`,
        `${l} Medical Center`,
        `${town} Royal Infirmary`,
        `${l} Family Clinic`,
        c.faker.company.name(),
      ]);
    case 'de':
      return c.pick([
        `Klinikum ${town}`,
        `St.-${l}-Krankenhaus`,
        `Praxis ${l}`,
        `Universitätsklinikum ${town}`,
        c.faker.company.name(),
      ]);
    case 'fr':
      return c.pick([
        `Hôpital ${l}`,
        `Clinique ${l}`,
        `Centre Hospitalier de ${town}`,
        c.faker.company.name(),
      ]);
  }
}

function bank(c: FillContext): string {
  const l = c.faker.person.lastName();
  const town = city(c);
  switch (lang(c)) {
    case 'en':
      return c.pick([
        `${l} Bank`,
        `Bank of ${town}`,
        `First ${town} Savings Bank`,
        `${l} & Co`,
        `${l} Capital Ltd`,
        c.faker.company.name(),
      ]);
    case 'de':
      return c.pick([`Sparkasse ${town}`, `Volksbank ${town}`, `${l} Bank AG`, c.faker.company.name()]);
    case 'fr':
      return c.pick([`Banque ${l}`, `Crédit ${town}`, `${l} SA`, c.faker.company.name()]);
  }
}

/** Every slot, by the name used in templates. */
export const FILLERS: Readonly<Record<string, Filler>> = {
  PERSON: (c) => one(fullName(c), 'PERSON'),
  FIRST: (c) => one(c.faker.person.firstName(), 'PERSON'),
  LAST: (c) => one(c.faker.person.lastName(), 'PERSON'),
  PERSON_LC: (c) => one(`${c.faker.person.firstName()} ${c.faker.person.lastName()}`.toLowerCase(), 'PERSON'),
  SURNAME_FIRST: (c) =>
    one(`${c.faker.person.lastName().toUpperCase()}, ${c.faker.person.firstName()}`, 'PERSON'),
  HON: (c) => one(c.pick(HONORIFICS[lang(c)]), 'TITLE'),
  JOB: (c) =>
    one(
      c.int(0, 1) === 0 && lang(c) === 'en' ? c.faker.person.jobTitle() : c.pick(CLINICAL_ROLES[lang(c)]),
      'TITLE',
    ),
  CITY: (c) => one(city(c), 'LOCATION'),
  COUNTRY: (c) => one(c.faker.location.country(), 'LOCATION'),
  STATE: (c) => one(c.faker.location.state(), 'LOCATION'),
  ADDRESS: address,
  STREET: (c) => one(streetAddress(c), 'STREET_ADDRESS'),
  ZIP: (c) => one(zip(c), 'ZIP_CODE'),
  HOSPITAL: (c) => one(hospital(c), 'ORGANIZATION'),
  BANK: (c) => one(bank(c), 'ORGANIZATION'),
  COMPANY: (c) => one(c.faker.company.name(), 'ORGANIZATION'),
  NATIONALITY: (c) => one(c.pick(NATIONALITIES[lang(c)]), 'NRP'),
  RELIGION: (c) => one(c.pick(RELIGIONS[lang(c)]), 'NRP'),
  POLITICS: (c) => one(c.pick(POLITICS[lang(c)]), 'NRP'),
  DOB: (c) => one(formatDate(c, c.faker.date.birthdate({ min: 1930, max: 2015, mode: 'year' })), 'DATE_TIME'),
  DATE: (c) =>
    one(formatDate(c, c.faker.date.between({ from: '2023-01-01', to: '2026-12-31' })), 'DATE_TIME'),
  TIME: (c) => one(formatTime(c), 'DATE_TIME'),
  AGE: (c) => one(String(c.int(1, 99)), 'AGE'),
  EMAIL: (c) => one(c.faker.internet.email(), 'EMAIL_ADDRESS'),
  PHONE: (c) => one(phone(c), 'PHONE_NUMBER'),
  CARD: (c) => one(card(c), 'CREDIT_CARD'),
  IBAN: (c) => one(iban(c), 'IBAN_CODE'),
  SSN: (c) => one(ssn(c.int, c.int(0, 5) === 0 ? ' ' : '-'), 'US_SSN'),
  NHS: (c) => one(nhsNumber(c.int, c.int(0, 2) > 0), 'UK_NHS'),
  IP: (c) => one(c.faker.internet.ipv4(), 'IP_ADDRESS'),
  IPV6: (c) => one(c.faker.internet.ipv6(), 'IP_ADDRESS'),
  URL: (c) =>
    one(c.faker.internet.url() + c.pick(['', '/', '/account/login', `/patients/${c.int(100, 999)}`]), 'URL'),
  MAC: (c) => one(c.faker.internet.mac(c.pick([':', '-'])), 'MAC_ADDRESS'),
  // Near-misses: shaped like personal data, but not. Never labelled.
  BAD_CARD: (c) => one(breakLuhn(card(c))),
  BAD_SSN: (c) => one(invalidSsn(c.int)),
  BAD_IBAN: (c) => one(breakIban(iban(c))),
  VERSION: (c) =>
    one(
      c.pick([
        `v${c.int(1, 9)}.${c.int(0, 20)}.${c.int(0, 9)}.${c.int(0, 99)}`,
        `${c.int(1, 4)}.${c.int(0, 30)}.${c.int(0, 9)}`,
        `v${c.int(1, 3)}.${c.int(0, 9)}`,
      ]),
    ),
  ORDER: (c) =>
    one(
      c.pick([
        `#${c.int(10000, 99999)}`,
        `${c.int(10000, 99999)}`,
        `ORD-${c.int(100000, 999999)}`,
        `${c.int(2019, 2026)}-${c.int(1000, 9999)}`,
      ]),
    ),
  QTY: (c) =>
    one(
      c.pick([
        `${c.int(2, 60)} tablets`,
        `${c.int(1, 12)} boxes`,
        `${c.int(100, 2000)} units`,
        `${c.int(10, 500)} ml`,
      ]),
    ),
  AMOUNT: (c) =>
    one(
      c.pick([
        `$${c.int(10, 99999)}.${c.int(10, 99)}`,
        `£${c.int(1, 9)},${c.int(100, 999)}.00`,
        `${c.int(10, 9999)},${c.int(10, 99)} €`,
        `EUR ${c.int(10000, 99999)}`,
      ]),
    ),
  DRUG: (c) => one(c.pick(DRUGS)),
  DOSE: (c) =>
    one(
      c.pick([
        `${c.int(1, 4) * 250} mg`,
        `${c.int(1, 20)} mg`,
        `${c.int(1, 3)} x daily`,
        `${c.int(5, 40)} units`,
      ]),
    ),
};
