import type { SecretBox } from '../auth/local/secretBox.js';
import { AppError } from '../errors.js';
import {
  type Boundary,
  isPiiError,
  type MaskResult,
  type OperatorContext,
  type PiiEngine,
  type PseudonymVault,
  restore,
  type Viewer,
} from '../pii/index.js';

/** The installation keys of the `hash` and `encrypt` operators, derived from the secret key file. */
export function operatorKeys(box: SecretBox): Required<Pick<OperatorContext, 'hashKey' | 'encryptionKey'>> {
  return { hashKey: box.deriveKey('pii-hash'), encryptionKey: box.deriveKey('pii-encrypt') };
}

/**
 * `text` masked for `boundary` (pii.yaml). Engine failures become AppErrors: text over the
 * engine's limit is 413 (refused, never truncated: a partial scan would let data through);
 * anything else is a server fault, and the action fails rather than pass unmasked text on.
 */
export function maskAt(
  engine: PiiEngine,
  text: string,
  boundary: Boundary,
  ctx: OperatorContext,
): MaskResult {
  try {
    return engine.mask(text, boundary, ctx);
  } catch (err) {
    if (isPiiError(err, 'pii_input_too_large'))
      throw new AppError('payload_too_large', 'The text is too large to be checked for personal data.', {
        cause: err,
      });
    throw new AppError('internal_error', 'Personal-data masking failed; nothing was sent on.', {
      cause: err,
    });
  }
}

/**
 * What a viewer sees of stored or generated text (the display boundary): restored values for
 * the author and the roles pii.yaml allows; for anyone else the text as stored, with any value
 * the storage boundary kept masked as for an export (issue 6, boundaries 4 and 5).
 */
export function displayFor(
  engine: PiiEngine,
  text: string,
  viewer: Viewer,
  vault: PseudonymVault,
  keys: OperatorContext,
): string {
  if (engine.mayRestore(viewer)) return restore(text, vault);
  if (viewer.isAuthor) return text;
  return maskAt(engine, text, 'export', { ...keys, vault }).text;
}

/** Adds masked-entity counts (by entity type). */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [type, n] of Object.entries(counts)) into[type] = (into[type] ?? 0) + n;
}

const MAX_TYPES_IN_ENTRY = 24;

/**
 * Masked-entity counts as audit details (`masked_total`, `masked_person_count`, ...): counts
 * by type, never values (issue 6). Bounded so that an entry stays within the details limit.
 */
export function countDetails(counts: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { masked_total: 0 };
  const types = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  for (const [, n] of types) out.masked_total = (out.masked_total ?? 0) + n;
  for (const [type, n] of types.slice(0, MAX_TYPES_IN_ENTRY)) {
    const key = `masked_${type.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_count`.slice(0, 48);
    if (/^[a-z][a-z0-9_]{0,47}$/.test(key) && key.endsWith('_count')) out[key] = n;
  }
  return out;
}
