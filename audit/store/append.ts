import type Database from 'better-sqlite3';
import { AuditError } from '../errors.js';
import { Frontier, type FrontierJSON } from '../frontier.js';
import { HASH_SIZE, hashesEqual } from '../merkle.js';
import { type Clock, type SealedEntry, sealEntry } from './entry.js';
import { AuditStoreError } from './errors.js';
import { mergeSideFields, type SideWrite } from './side-write.js';
import { appendLeaf, SubtreeTable } from './subtrees.js';

/** The committed end of the log: the frontier and the hex leaf hash the next `prev` must name. */
export interface LogHead {
  frontier: Frontier;
  prev: string;
}

/** One queued append. */
export interface PendingEntry {
  draft: Record<string, unknown>;
  side?: SideWrite | undefined;
}

/** What an append resolves with. */
export interface Appended {
  seq: number;
  leafHash: Buffer;
}

/** Marks an error that must fail the whole batch even though it was thrown inside a savepoint. */
class BatchFailure {
  constructor(readonly cause: unknown) {}
}

/** Marks an error thrown by a side write's own code. */
class SideFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * Writes batches of entries. Each batch is one IMMEDIATE transaction: it takes the write lock,
 * catches up with entries other writers (processes) committed since, then seals the entries on
 * top (hashing a batch is microseconds, the commit's fsync is milliseconds) and writes them, the
 * subtrees they complete and the new frontier. Holding the lock while sealing is what makes
 * several writers on one file safe: `seq` and `prev` are chosen under the lock.
 */
export class LogWriter {
  readonly #db: Database.Database;
  readonly #readFrontier: Database.Statement;
  readonly #leaves: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #writeFrontier: Database.Statement;
  readonly #subtrees: SubtreeTable;
  #head: LogHead;
  /** The frontier row's text as last seen, so that an unchanged row needs no parsing. */
  #json: string | undefined;

  constructor(db: Database.Database, head: LogHead) {
    this.#db = db;
    this.#head = head;
    this.#readFrontier = db.prepare('SELECT size, json FROM frontier WHERE id = 1');
    this.#leaves = db
      .prepare('SELECT seq, leaf_hash FROM entries WHERE seq >= ? AND seq < ? ORDER BY seq')
      .raw();
    this.#insert = db.prepare('INSERT INTO entries (seq, leaf_hash, body, ts) VALUES (?, ?, ?, ?)');
    this.#writeFrontier = db.prepare('UPDATE frontier SET size = ?, json = ? WHERE id = 1');
    this.#subtrees = new SubtreeTable(db);
  }

  /** The committed head: this writer's last commit, or what it caught up with since. */
  get head(): LogHead {
    return this.#head;
  }

  /**
   * Brings the head up to the stored frontier. Call inside a write transaction. Throws
   * `STATE_MISMATCH` when the stored frontier is unusable, smaller than the head (the file was
   * rolled back or truncated), or not the frontier of our head plus the stored leaves after it.
   */
  sync(): void {
    const row = this.#readFrontier.get() as { size: number; json: string } | undefined;
    const ours = this.#head.frontier;
    if (row && row.size === ours.size && row.json === this.#json) return;
    let stored: Frontier;
    try {
      if (!row) throw new Error('frontier row is missing');
      stored = Frontier.fromJSON(JSON.parse(row.json) as FrontierJSON);
      if (stored.size !== row.size) throw new Error('frontier size column disagrees with its JSON');
    } catch (err) {
      throw new AuditStoreError('STATE_MISMATCH', 'stored frontier is unusable', { cause: err });
    }
    if (stored.size < ours.size) {
      throw new AuditStoreError(
        'STATE_MISMATCH',
        `the log shrank from ${ours.size} to ${stored.size} entries (rolled back or truncated)`,
      );
    }
    const frontier = ours.clone();
    let prev = this.#head.prev;
    for (const [seq, leaf] of this.#leaves.all(ours.size, stored.size) as [number, Buffer][]) {
      if (seq !== frontier.size || leaf.length !== HASH_SIZE) break; // caught by the check below
      frontier.append(leaf);
      prev = leaf.toString('hex');
    }
    if (frontier.size !== stored.size || !hashesEqual(frontier.root(), stored.root())) {
      throw new AuditStoreError('STATE_MISMATCH', 'the stored frontier does not extend this writer’s log');
    }
    this.#head = { frontier, prev };
    this.#json = row.json;
  }

  /**
   * Commits a batch and returns, per entry, its seq and leaf hash or the Error it alone failed
   * with (`NOT_CANONICAL`, `SIDE_WRITE_FAILED`); those take no seq. Throws with nothing written
   * for the whole batch: `STATE_MISMATCH` from `sync`, `WRITE_FAILED` otherwise. The head moves
   * only after the commit.
   */
  write(items: PendingEntry[], clock: Clock): { results: (Appended | Error)[]; entries: number } {
    let next: { head: LogHead; json: string } | undefined;
    let results: (Appended | Error)[];
    try {
      results = this.#db
        .transaction(() => {
          this.sync();
          const frontier = this.#head.frontier.clone();
          let prev = this.#head.prev;
          const out = items.map((item): Appended | Error => {
            const e = item.side
              ? this.#sealWithSide(item.draft, item.side, frontier.size, clock.now(), prev)
              : this.#sealPlain(item.draft, frontier.size, clock.now(), prev);
            if (e instanceof Error) return e;
            appendLeaf(frontier, e.leafHash, this.#subtrees.put);
            prev = e.leafHash.toString('hex');
            return { seq: e.seq, leafHash: e.leafHash };
          });
          if (frontier.size > this.#head.frontier.size) {
            const json = JSON.stringify(frontier.toJSON());
            this.#writeFrontier.run(frontier.size, json);
            next = { head: { frontier, prev }, json };
          }
          return out;
        })
        .immediate();
    } catch (err) {
      if (err instanceof AuditStoreError) throw err;
      throw new AuditStoreError('WRITE_FAILED', 'audit append failed; nothing was written', { cause: err });
    }
    const base = this.#head.frontier.size; // after any catch-up in sync()
    if (next) {
      this.#head = next.head;
      this.#json = next.json;
    }
    return { results, entries: this.#head.frontier.size - base };
  }

  #sealPlain(draft: Record<string, unknown>, seq: number, ms: number, prev: string): SealedEntry | Error {
    let e: SealedEntry;
    try {
      e = sealEntry(draft, seq, ms, prev);
    } catch (err) {
      return err instanceof Error ? err : new AuditError('NOT_CANONICAL', String(err));
    }
    // An insert that fails (disk full, a constraint) fails the whole batch.
    this.#insert.run(e.seq, e.leafHash, e.body, e.ts);
    return e;
  }

  /**
   * Seals, inserts and runs the side write in a SAVEPOINT (a nested better-sqlite3
   * transaction), so that a throwing hook undoes its own writes and the entry's row and leaves
   * the rest of the batch alone.
   */
  #sealWithSide(
    draft: Record<string, unknown>,
    side: SideWrite,
    seq: number,
    ms: number,
    prev: string,
  ): SealedEntry | Error {
    const db = this.#db;
    const guarded = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (err) {
        throw new SideFailure(err);
      }
    };
    let result: SealedEntry | Error;
    try {
      result = db.transaction((): SealedEntry => {
        const fields = side.before ? guarded(() => side.before?.(db)) : undefined;
        const merged = guarded(() => mergeSideFields(draft, fields));
        const e = sealEntry(merged, seq, ms, prev);
        try {
          this.#insert.run(e.seq, e.leafHash, e.body, e.ts);
        } catch (err) {
          throw new BatchFailure(err);
        }
        if (side.after) {
          guarded(() => {
            const r: unknown = side.after?.(db, seq);
            // An async hook would do its work after the commit, outside the transaction.
            if (typeof (r as { then?: unknown } | undefined)?.then === 'function') {
              throw new TypeError('side write after() must be synchronous');
            }
          });
        }
        return e;
      })();
    } catch (err) {
      if (err instanceof BatchFailure) throw err.cause;
      result =
        err instanceof SideFailure
          ? new AuditStoreError(
              'SIDE_WRITE_FAILED',
              `side write for entry ${seq} failed; entry not written`,
              {
                cause: err.cause,
              },
            )
          : err instanceof Error
            ? err
            : new AuditError('NOT_CANONICAL', String(err));
    }
    // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, IOERR, BUSY), and a
    // hook could have ended it itself: nothing more of the batch may then run in autocommit mode.
    if (!db.inTransaction) {
      throw new AuditStoreError('WRITE_FAILED', 'the append transaction ended inside a side write', {
        cause: result instanceof Error ? result : undefined,
      });
    }
    return result;
  }
}
