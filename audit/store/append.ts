import type Database from 'better-sqlite3';
import { AuditError } from '../errors.js';
import type { Frontier } from '../frontier.js';
import { type Clock, type SealedEntry, sealEntry } from './entry.js';
import { AuditStoreError } from './errors.js';

/** The committed end of the log: the frontier and the hex leaf hash the next `prev` must name. */
export interface LogHead {
  frontier: Frontier;
  prev: string;
}

/**
 * Seals drafts on top of `head` without touching it (hashing is the slow part, so it happens
 * before the transaction). A draft that cannot be canonicalised becomes its own Error and takes
 * no seq; the others keep gap-free seqs.
 */
export function sealBatch(
  head: LogHead,
  drafts: Record<string, unknown>[],
  clock: Clock,
): { next: LogHead; sealed: (SealedEntry | Error)[] } {
  const frontier = head.frontier.clone();
  let prev = head.prev;
  const sealed = drafts.map((d): SealedEntry | Error => {
    try {
      const e = sealEntry(d, frontier.size, clock.now(), prev);
      frontier.append(e.leafHash);
      prev = e.leafHash.toString('hex');
      return e;
    } catch (err) {
      return err instanceof Error ? err : new AuditError('NOT_CANONICAL', String(err));
    }
  });
  return { next: { frontier, prev }, sealed };
}

/** Writes sealed entries and the new frontier in one IMMEDIATE transaction (one fsync). */
export class EntryWriter {
  readonly #db: Database.Database;
  readonly #size: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #frontier: Database.Statement;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#size = db.prepare('SELECT size FROM frontier WHERE id = 1').pluck();
    this.#insert = db.prepare('INSERT INTO entries (seq, leaf_hash, body, ts) VALUES (?, ?, ?, ?)');
    this.#frontier = db.prepare('UPDATE frontier SET size = ?, json = ? WHERE id = 1');
  }

  /**
   * Commits `rows`, which must continue a log of `fromSize` entries, or throws with nothing
   * written: `STATE_MISMATCH` if the file no longer ends at `fromSize`, `WRITE_FAILED` otherwise.
   */
  write(rows: SealedEntry[], fromSize: number, frontier: Frontier): void {
    try {
      this.#db
        .transaction(() => {
          // Another writer (a second process, a restored file) would make our seqs and prev wrong.
          if (this.#size.get() !== fromSize) {
            throw new AuditStoreError('STATE_MISMATCH', 'the log was changed by another writer');
          }
          for (const e of rows) this.#insert.run(e.seq, e.leafHash, e.body, e.ts);
          this.#frontier.run(frontier.size, JSON.stringify(frontier.toJSON()));
        })
        .immediate();
    } catch (err) {
      if (err instanceof AuditStoreError) throw err;
      throw new AuditStoreError('WRITE_FAILED', 'audit append failed; nothing was written', { cause: err });
    }
  }
}
