/**
 * Custom recognizers declared in `pii.yaml` (no code): a pattern, an optional check digit
 * algorithm by name, context words and a score. This is how a hospital adds its medical record
 * number or a bank its internal account ids. Patterns are vetted when the policy loads
 * (./compile.ts); here they only run.
 */
import { validIban } from '../recognizers/iban.js';
import { matchAll, type Span, toFindings } from '../recognizers/shared.js';
import type { Recognizer } from '../types.js';
import { deaChecksum, luhn, mod11, mod97, verhoeff } from '../validators/checksums.js';
import { base58Check, bech32Address } from '../validators/cryptoAddress.js';

/** Check algorithms a custom recognizer can name, applied to the match (or its `value` group). */
export const VALIDATORS = {
  /** ISO/IEC 7812-1 Luhn over the digits. */
  luhn,
  /** ISO 7064 MOD 97-10 over the alphanumerics (letters A=10..Z=35): ≡ 1. */
  mod97,
  /** Weighted mod 11, NHS style, over the digits. */
  mod11,
  /** Verhoeff over the digits. */
  verhoeff,
  /** A whole IBAN: registry length and MOD 97-10 (ISO 13616). */
  iban: validIban,
  /** DEA check digit over the seven digits. */
  dea: deaChecksum,
  /** Base58Check (double SHA-256). */
  base58check: base58Check,
  /** bech32 / bech32m segwit address. */
  bech32: bech32Address,
} as const satisfies Record<string, (s: string) => boolean>;

/** A validator name. */
export type ValidatorName = keyof typeof VALIDATORS;

/** A vetted custom recognizer declaration. */
export interface CustomSpec {
  /** Lower-case id, unique in the policy; the recognizer is named `custom:<name>`. */
  readonly name: string;
  readonly entity: string;
  /** Compiled with the `g` flag added to the policy's flags. */
  readonly pattern: RegExp;
  readonly score: number;
  readonly validator?: ValidatorName;
  readonly context: readonly string[];
}

/** A Recognizer running a vetted custom declaration. */
export function customRecognizer(spec: CustomSpec): Recognizer {
  const validate = spec.validator ? VALIDATORS[spec.validator] : undefined;
  const name = `custom:${spec.name}`;
  function* scan(text: string): Generator<Span> {
    for (const m of matchAll(spec.pattern, text)) {
      const value = m.groups?.value ?? m[0];
      if (validate && !validate(value)) continue;
      yield { start: m.index, end: m.index + m[0].length, score: spec.score };
    }
  }
  return {
    name,
    entities: [spec.entity],
    ...(spec.context.length > 0 && { context: spec.context }),
    analyze: (view) => toFindings(view, scan(view.text), spec.entity, name),
  };
}
