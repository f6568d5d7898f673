import type Database from 'better-sqlite3';

/** Work done in the append's own write transaction, for this entry only. */
export interface SideWrite {
  /** Runs before the entry is sealed; returns fields merged into the draft (e.g. { personal: commitment }). */
  before?(tx: Database.Database): Record<string, unknown>;
  /** Runs after the entry row is inserted, with its seq. */
  after?(tx: Database.Database, seq: number): void;
}

// `v` is kept when a draft sets it, but a side write must not: it adds data to an entry, it does
// not choose the entry's format. The other three are the store's (FORMAT.md §6.1).
const RESERVED = ['seq', 'ts', 'prev', 'v'] as const;

/** Throws `TypeError` unless `side` is undefined or an object whose hooks are functions. */
export function assertSideWrite(side: unknown): asserts side is SideWrite | undefined {
  if (side === undefined) return;
  if (typeof side !== 'object' || side === null) throw new TypeError('side write must be an object');
  const { before, after } = side as SideWrite;
  if (before !== undefined && typeof before !== 'function')
    throw new TypeError('side write before must be a function');
  if (after !== undefined && typeof after !== 'function')
    throw new TypeError('side write after must be a function');
}

/**
 * The draft with the fields returned by `before` added. Throws `TypeError` when they are not a
 * plain object (a Promise, say: the hook must be synchronous, it runs inside a transaction),
 * set a store field or `v`, or would overwrite a field of the draft.
 */
export function mergeSideFields(draft: Record<string, unknown>, fields: unknown): Record<string, unknown> {
  if (fields === undefined) return draft;
  const proto = typeof fields === 'object' && fields !== null ? Object.getPrototypeOf(fields) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError('side write before() must return a plain object (synchronously)');
  }
  const extra = fields as Record<string, unknown>;
  for (const key of Object.keys(extra)) {
    if ((RESERVED as readonly string[]).includes(key)) {
      throw new TypeError(`side write must not set "${key}"`);
    }
    if (Object.hasOwn(draft, key)) throw new TypeError(`side write must not overwrite draft field "${key}"`);
  }
  return { ...draft, ...extra };
}
