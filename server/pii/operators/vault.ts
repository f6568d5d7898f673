/**
 * The pseudonym vault: for one conversation, which placeholder (`<PERSON_1>`) stands for which
 * value. `pseudonymize` writes to it; `restore` reads it. The server backs it with a table that
 * is encrypted at rest, scoped to the conversation and deleted with it; {@link MemoryVault} is
 * the in-process implementation for tests and the command line.
 */
import { IGNORABLE_SOURCE } from '../text.js';
import type { EntityType } from '../types.js';

/** What `pseudonymize` asks the vault to record. */
export interface PseudonymEntry {
  readonly entityType: EntityType;
  /**
   * The value normalised for lookup ({@link pseudonymKey}): the same key must get the same
   * placeholder. A persistent vault should index an HMAC of it, never the key in clear.
   */
  readonly key: string;
  /** The value as first seen: what `get` returns for the placeholder. */
  readonly value: string;
}

/** Placeholders of one conversation. Implementations must be consistent under concurrent use. */
export interface PseudonymVault {
  /** The value a placeholder stands for, or undefined if this conversation has none. */
  get(placeholder: string): string | undefined;
  /**
   * The placeholder for the entry: the one already given to (entityType, key), else the next
   * free `<ENTITY_TYPE_n>` (n = 1, 2, ... per entity type; see {@link placeholderFor}).
   */
  put(entry: PseudonymEntry): string;
}

/** `<PERSON_3>`: the placeholder of the `n`-th value (1-based) of an entity type. */
export function placeholderFor(entityType: EntityType, n: number): string {
  return `<${entityType}_${n}>`;
}

/** A placeholder anywhere in text (entity types are `[A-Z][A-Z0-9_]*`, at most 64 long). */
export const PLACEHOLDER = /<([A-Z][A-Z0-9_]{0,63})_([1-9]\d{0,9})>/g;

// Invisible characters (those ../text.ts ignores when matching) do not make a different value.
const INVISIBLE = new RegExp(IGNORABLE_SOURCE, 'g');

/**
 * The lookup key of a value: NFKC (full-width and look-alike forms fold), invisible characters
 * removed, runs of white space collapsed, trimmed. Case is kept ("May" and "may" can differ).
 */
export function pseudonymKey(value: string): string {
  return value.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** An in-memory vault for one conversation (tests, the CLI). */
export class MemoryVault implements PseudonymVault {
  readonly #byPlaceholder = new Map<string, string>();
  readonly #byKey = new Map<string, string>();
  readonly #counts = new Map<EntityType, number>();

  get(placeholder: string): string | undefined {
    return this.#byPlaceholder.get(placeholder);
  }

  put(entry: PseudonymEntry): string {
    const id = `${entry.entityType}\u0000${entry.key}`;
    const known = this.#byKey.get(id);
    if (known) return known;
    const n = (this.#counts.get(entry.entityType) ?? 0) + 1;
    this.#counts.set(entry.entityType, n);
    const placeholder = placeholderFor(entry.entityType, n);
    this.#byKey.set(id, placeholder);
    this.#byPlaceholder.set(placeholder, entry.value);
    return placeholder;
  }

  /** Number of placeholders given out. */
  get size(): number {
    return this.#byPlaceholder.size;
  }
}
