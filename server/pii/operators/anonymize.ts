/**
 * Applies operators to findings: `anonymize(text, findings, operators, ctx)` returns the masked
 * text and how many values of each entity type were masked (counts only: what the audit entry
 * records; never values).
 *
 * Fail closed: when an operator needs something the context lacks (a key, a vault), nothing is
 * returned; the call throws before any output exists.
 */
import type { BoundaryOperators, OperatorSpec } from '../config.js';
import { PiiError } from '../errors.js';
import { createTextView } from '../text.js';
import type { EntityType, Finding } from '../types.js';
import { encryptValue, hmacHex } from './keyed.js';
import { type PseudonymVault, pseudonymKey } from './vault.js';

/** What the keyed and stateful operators need. */
export interface OperatorContext {
  /** HMAC key of `hash` (at least 32 bytes; an installation secret). */
  readonly hashKey?: Uint8Array;
  /** AES-256 key of `encrypt` (32 bytes; an installation secret). */
  readonly encryptionKey?: Uint8Array;
  /** The conversation's vault, for `pseudonymize`. */
  readonly vault?: PseudonymVault;
}

/** Masked text and the number of masked values per entity type. */
export interface AnonymizeResult {
  readonly text: string;
  readonly counts: Readonly<Record<EntityType, number>>;
}

/** The operator of an entity at a boundary. */
export function operatorFor(operators: BoundaryOperators, entityType: EntityType): OperatorSpec {
  return operators.entities.get(entityType) ?? operators.default;
}

/**
 * Replaces each finding's span (code point offsets into `text`) by its operator's output.
 * Findings may come in any order; one that overlaps an earlier-starting one is ignored (pass
 * the analyzer's resolved findings to avoid that).
 */
export function anonymize(
  text: string,
  findings: readonly Finding[],
  operators: BoundaryOperators,
  ctx: OperatorContext = {},
): AnonymizeResult {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const f of sorted) requireContext(operatorFor(operators, f.entityType), ctx);
  const view = createTextView(text);
  const parts: string[] = [];
  const counts: Record<EntityType, number> = {};
  let last = 0; // UTF-16
  for (const f of sorted) {
    const start = view.toUtf16(f.start);
    const end = view.toUtf16(f.end);
    if (start < last || end <= start) continue;
    parts.push(text.slice(last, start));
    parts.push(apply(operatorFor(operators, f.entityType), f.entityType, text.slice(start, end), ctx));
    counts[f.entityType] = (counts[f.entityType] ?? 0) + 1;
    last = end;
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), counts };
}

function requireContext(spec: OperatorSpec, ctx: OperatorContext): void {
  if (spec.type === 'hash' && !ctx.hashKey) throw new PiiError('pii_key_missing', 'hash needs a hash key');
  if (spec.type === 'encrypt' && !ctx.encryptionKey) {
    throw new PiiError('pii_key_missing', 'encrypt needs an encryption key');
  }
  if (spec.type === 'pseudonymize' && !ctx.vault) {
    throw new PiiError('pii_vault_missing', 'pseudonymize needs the conversation vault');
  }
}

/** One value through one operator. */
export function apply(
  spec: OperatorSpec,
  entityType: EntityType,
  value: string,
  ctx: OperatorContext,
): string {
  switch (spec.type) {
    case 'replace':
      return spec.label ?? `<${entityType}>`;
    case 'redact':
      return '';
    case 'mask': {
      const chars = [...value];
      // A value no longer than `keep` is masked entirely: keeping it all would not mask it.
      const keep = chars.length > spec.keep ? spec.keep : 0;
      return spec.char.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
    }
    case 'hash':
      return hmacHex(ctx.hashKey as Uint8Array, pseudonymKey(value));
    case 'pseudonymize':
      return (ctx.vault as PseudonymVault).put({ entityType, key: pseudonymKey(value), value });
    case 'encrypt':
      return encryptValue(ctx.encryptionKey as Uint8Array, value);
  }
}
