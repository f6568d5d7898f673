/**
 * The structured recognizers: identifiers with a format and, where one exists, a check digit.
 * Contextual ones (names, places, dates) live in ../nlp/ and custom ones come from the policy.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { EntityType, Recognizer } from '../types.js';
import { creditCardRecognizer } from './creditCard.js';
import { cryptoRecognizer } from './crypto.js';
import { medicalLicenseRecognizer, ukNhsRecognizer } from './health.js';
import { ibanRecognizer } from './iban.js';
import { emailRecognizer, urlRecognizer } from './internet.js';
import { ipRecognizer, macRecognizer } from './network.js';
import { phoneRecognizer } from './phone.js';
import { usBankNumberRecognizer, usDriverLicenseRecognizer, usPassportRecognizer } from './usIds.js';
import { usItinRecognizer, usSsnRecognizer } from './usTaxIds.js';

/** Entity types the structured recognizers produce. */
export const STRUCTURED_ENTITIES = [
  'CREDIT_CARD',
  'CRYPTO',
  'EMAIL_ADDRESS',
  'IBAN_CODE',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'MEDICAL_LICENSE',
  'PHONE_NUMBER',
  'UK_NHS',
  'URL',
  'US_BANK_NUMBER',
  'US_DRIVER_LICENSE',
  'US_ITIN',
  'US_PASSPORT',
  'US_SSN',
] as const satisfies readonly EntityType[];

/** Entity types of the contextual (NLP) recognizers in ../nlp/. */
export const CONTEXTUAL_ENTITIES = [
  'AGE',
  'DATE_TIME',
  'LOCATION',
  'NRP',
  'ORGANIZATION',
  'PERSON',
  'STREET_ADDRESS',
  'TITLE',
  'ZIP_CODE',
] as const satisfies readonly EntityType[];

/** Options of the structured recognizers. */
export interface StructuredOptions {
  /** Regions whose national phone formats are recognised, in priority order. */
  readonly phoneRegions: readonly CountryCode[];
  /** The policy's extra PHONE_NUMBER context words. */
  readonly phoneContext?: readonly string[];
}

/** One instance of every structured recognizer (cheap to build; stateless). */
export function structuredRecognizers(options: StructuredOptions): Recognizer[] {
  return [
    creditCardRecognizer(),
    cryptoRecognizer(),
    emailRecognizer(),
    ibanRecognizer(),
    ipRecognizer(),
    macRecognizer(),
    medicalLicenseRecognizer(),
    phoneRecognizer({ regions: options.phoneRegions, context: options.phoneContext ?? [] }),
    ukNhsRecognizer(),
    urlRecognizer(),
    usBankNumberRecognizer(),
    usDriverLicenseRecognizer(),
    usItinRecognizer(),
    usPassportRecognizer(),
    usSsnRecognizer(),
  ];
}
