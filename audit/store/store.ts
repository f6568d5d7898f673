import type Database from 'better-sqlite3';
import { Frontier } from '../frontier.js';
import { consistencyProofFrom, inclusionProofFrom, type SubtreeHashSource } from '../proofs.js';
import { type Appended, type LogHead, LogWriter, type PendingEntry } from './append.js';
import {
  type CheckpointSigner,
  listCheckpoints,
  readStoredFrontier,
  type StoredCheckpoint,
  storeCheckpoint,
} from './checkpoint.js';
import { assertDraft, type Clock, GENESIS_PREV } from './entry.js';
import { AuditStoreError } from './errors.js';
import { GroupCommitter } from './group-commit.js';
import { type IntegrityOptions, type IntegrityResult, verifyStoreIntegrity } from './integrity.js';
import { ProofNodes } from './proof-nodes.js';
import { openAuditDatabase } from './schema.js';
import { assertSideWrite, type SideWrite } from './side-write.js';
import { rebuildSubtrees } from './subtrees.js';

/** Options of `openAuditStore`. */
export interface AuditStoreOptions {
  /** Source of entry and checkpoint timestamps; defaults to `Date`. */
  clock?: Clock;
  /** Group commit tuning: extra wait before a commit (default 0: same tick) and batch cap. */
  groupCommit?: { windowMs?: number; maxBatch?: number };
  /** How long a write waits for a lock held by another connection (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Called after each checkpoint has committed, e.g. to append the note to a file or syslog. */
  onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
}

/** An entry as stored: `body` holds the exact bytes its leaf hash covers. */
export interface StoredEntry {
  seq: number;
  body: Buffer;
  leafHash: Buffer;
  ts: string;
}

/** Counters for tests and metrics: one `commits` per write transaction (one fsync). */
export interface AuditStoreStats {
  commits: number;
  entries: number;
}

const PAGE = 512;

/**
 * Opens the append-only audit log in its own SQLite file (WAL, synchronous=FULL). Several
 * stores, in one process or several, may append to the same file. A store whose stored frontier
 * disagrees with its entries opens, but refuses appends (`STATE_MISMATCH`) until an operator
 * has looked: run `verifyIntegrity()` to find out where.
 */
export function openAuditStore(file: string, options: AuditStoreOptions = {}): AuditStore {
  const busy = options.busyTimeoutMs;
  if (busy !== undefined && !(Number.isSafeInteger(busy) && busy >= 0)) {
    throw new TypeError('busyTimeoutMs must be a non-negative integer');
  }
  const db = openAuditDatabase(file);
  if (busy !== undefined) db.pragma(`busy_timeout = ${busy}`);
  return new AuditStore(db, Object.freeze({ ...options }));
}

/** The audit log: group-committed appends, reads, proofs, checkpoints and an integrity check. */
export class AuditStore {
  readonly #db: Database.Database;
  readonly #options: AuditStoreOptions;
  readonly #clock: Clock;
  readonly #committer: GroupCommitter<PendingEntry, Appended>;
  readonly #stats: AuditStoreStats = { commits: 0, entries: 0 };
  /** Owns the committed head, which moves only after a commit (or a catch-up with others'). */
  readonly #log: LogWriter;
  readonly #nodes: ProofNodes;
  readonly #frontierSize: Database.Statement;
  #broken: string | undefined;
  #closed = false;

  /** Use `openAuditStore`. */
  constructor(db: Database.Database, options: AuditStoreOptions) {
    this.#db = db;
    this.#options = options;
    this.#clock = options.clock ?? Date;
    this.#committer = new GroupCommitter((items) => this.#commit(items), options.groupCommit);
    this.#nodes = new ProofNodes(db);
    this.#frontierSize = db.prepare('SELECT size FROM frontier WHERE id = 1').pluck();
    const head: LogHead = { frontier: Frontier.empty(), prev: GENESIS_PREV };
    // One read transaction, so that another process's commit cannot fall between the reads.
    db.transaction(() => {
      try {
        head.frontier = readStoredFrontier(db);
      } catch (err) {
        // Still open, so that verifyIntegrity() can say what is wrong; appends are refused.
        this.#broken = (err as Error).message;
        return;
      }
      // Cheap start-up sanity check (O(1)); the full O(n) check is verifyIntegrity().
      const max = (db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null }).m;
      if ((max ?? -1) + 1 !== head.frontier.size) {
        this.#broken = `stored frontier has ${head.frontier.size} leaves, entries end at ${max}`;
      } else if (max !== null) {
        head.prev = this.leafHashAt(max).toString('hex');
      }
    })();
    this.#log = new LogWriter(db, head);
  }

  /**
   * Appends an entry. The store adds `seq`, `ts`, `prev` and (if absent) `v: 1`; the promise
   * resolves only after the entry's transaction has committed with synchronous=FULL, and
   * rejects (with nothing written) otherwise: `NOT_CANONICAL` for unserialisable values,
   * `SIDE_WRITE_FAILED`, `WRITE_FAILED`, `STORE_CLOSED` or `STATE_MISMATCH`. A `TypeError` is
   * thrown for a non-object draft, one that sets `seq`, `ts` or `prev`, or a malformed `side`.
   *
   * `side` runs synchronously inside the same write transaction, in a SAVEPOINT of its own: the
   * fields `before` returns are sealed into the entry, and whatever `before` and `after` write
   * commits atomically with it. If either throws, that entry alone rejects with
   * `SIDE_WRITE_FAILED` (the error as `cause`), takes no seq, and its side effects are undone.
   */
  append(draft: Record<string, unknown>, side?: SideWrite): Promise<Appended> {
    assertDraft(draft);
    assertSideWrite(side);
    if (this.#closed) return Promise.reject(new AuditStoreError('STORE_CLOSED', 'audit store is closed'));
    return this.#committer.add({ draft: { ...draft }, side });
  }

  #commit(items: PendingEntry[]): (Appended | Error)[] {
    if (this.#closed) throw new AuditStoreError('STORE_CLOSED', 'audit store is closed');
    if (this.#broken) throw new AuditStoreError('STATE_MISMATCH', this.#broken);
    try {
      const { results, entries } = this.#log.write(items, this.#clock);
      if (entries > 0) {
        this.#stats.commits++;
        this.#stats.entries += entries;
      }
      return results;
    } catch (err) {
      // A rolled-back or forked file: stop until an operator has looked.
      if (err instanceof AuditStoreError && err.code === 'STATE_MISMATCH') this.#broken = err.message;
      throw err;
    }
  }

  /** The entry at `seq`, or undefined. */
  get(seq: number): StoredEntry | undefined {
    const row = this.#db.prepare('SELECT seq, body, leaf_hash, ts FROM entries WHERE seq = ?').get(seq) as
      | { seq: number; body: Buffer; leaf_hash: Buffer; ts: string }
      | undefined;
    return row && { seq: row.seq, body: row.body, leafHash: row.leaf_hash, ts: row.ts };
  }

  /**
   * Entries with from <= seq < to, in order. Reads in pages rather than holding a cursor, so a
   * consumer that awaits between items does not block commits on this connection.
   */
  *range(from: number, to: number): Generator<StoredEntry> {
    const page = this.#db.prepare(
      'SELECT seq, body, leaf_hash, ts FROM entries WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT ?',
    );
    for (let next = from; next < to; ) {
      const rows = page.all(next, to, PAGE) as { seq: number; body: Buffer; leaf_hash: Buffer; ts: string }[];
      for (const r of rows) yield { seq: r.seq, body: r.body, leafHash: r.leaf_hash, ts: r.ts };
      if (rows.length < PAGE) return;
      next = (rows[rows.length - 1] as { seq: number }).seq + 1;
    }
  }

  /**
   * Number of committed entries as this store last saw them: its own commits, and other
   * writers' entries caught up with by its last append or checkpoint (0 while the stored
   * frontier is unreadable).
   */
  size(): number {
    return this.#log.head.frontier.size;
  }

  /** RFC 6962 root of the first `size()` entries. */
  root(): Buffer {
    return this.#log.head.frontier.root();
  }

  /** Leaf hash at `index` (a `LeafHashSource`); throws `NOT_FOUND` past the end. */
  leafHashAt(index: number): Buffer {
    const row = this.#db.prepare('SELECT leaf_hash FROM entries WHERE seq = ?').get(index) as
      | { leaf_hash: Buffer }
      | undefined;
    if (!row) throw new AuditStoreError('NOT_FOUND', `no audit entry ${index}`);
    return row.leaf_hash;
  }

  /**
   * RFC 6962 §2.1.1 inclusion proof of `index` in the tree of the first `size` entries, from
   * the subtree cache: O(log n) reads. Throws `BAD_INDEX`, or `NOT_FOUND` past the stored log.
   */
  inclusionProof(index: number, size: number = this.size()): Buffer[] {
    return this.#prove(size, (source) => inclusionProofFrom(source, index, size));
  }

  /** RFC 6962 §2.1.2 consistency proof from size `m` to size `n`; O(log n) like inclusionProof. */
  consistencyProof(m: number, n: number = this.size()): Buffer[] {
    return this.#prove(n, (source) => consistencyProofFrom(source, m, n));
  }

  /** Runs `proof` on the subtree cache, in one read transaction (a snapshot, and far cheaper). */
  #prove(size: number, proof: (source: SubtreeHashSource) => Buffer[]): Buffer[] {
    return this.#db.transaction(() => {
      let checked = false;
      const source = this.#nodes.source();
      // Checked on first use, so that argument errors (BAD_INDEX, BAD_SIZE) come first.
      return proof((start, end) => {
        if (!checked) {
          const stored = this.#frontierSize.get() as number;
          if (size > stored)
            throw new AuditStoreError('NOT_FOUND', `the log has ${stored} entries, not ${size}`);
          checked = true;
        }
        return source(start, end);
      });
    })();
  }

  /**
   * Signs and stores a checkpoint of the committed tree (see `storeCheckpoint`: it refuses to
   * sign a fork, `FORK_REFUSED`), calls `onCheckpoint`, and returns the signed note text.
   * Tampering detected here stops appends. If the hook throws, the checkpoint stays stored and
   * the error propagates.
   */
  checkpoint(signer: CheckpointSigner): string {
    if (this.#closed) throw new AuditStoreError('STORE_CLOSED', 'audit store is closed');
    let cp: StoredCheckpoint;
    try {
      const at = new Date(this.#clock.now()).toISOString();
      cp = this.#db
        .transaction(() => {
          // Other writers may have appended since our last commit: sign what is committed.
          this.#log.sync();
          return storeCheckpoint(
            this.#db,
            this.#log.head.frontier,
            (i) => this.leafHashAt(i),
            signer,
            at,
            (m, n) => this.consistencyProof(m, n),
          );
        })
        .immediate();
    } catch (err) {
      if (err instanceof AuditStoreError && (err.code === 'FORK_REFUSED' || err.code === 'STATE_MISMATCH')) {
        this.#broken = err.message;
      }
      throw err;
    }
    this.#options.onCheckpoint?.(cp);
    return cp.note;
  }

  /**
   * Full O(n) check of the file against itself and the given trusted checkpoints; last, of the
   * proof cache against the entries (`CACHE_MISMATCH`, repaired by `rebuildProofCache`).
   */
  verifyIntegrity(options: IntegrityOptions = {}): IntegrityResult {
    return verifyStoreIntegrity(this.#db, options);
  }

  /**
   * Recomputes the proof cache (the `subtrees` table) from the stored leaf hashes, in one write
   * transaction: O(n). For a cache that `verifyIntegrity` reported as `CACHE_MISMATCH`.
   */
  rebuildProofCache(): void {
    if (this.#closed) throw new AuditStoreError('STORE_CLOSED', 'audit store is closed');
    this.#db.transaction(() => rebuildSubtrees(this.#db)).immediate();
  }

  /** Write transactions and entries committed by this instance. */
  stats(): AuditStoreStats {
    return { ...this.#stats };
  }

  /** Commits what is queued, then closes the database. Later appends reject with `STORE_CLOSED`. */
  close(): void {
    if (this.#closed) return;
    this.#committer.drain();
    this.#closed = true;
    this.#db.close();
  }

  /** Every checkpoint this log has stored, oldest first (e.g. the sizes an export proves from). */
  checkpoints(): StoredCheckpoint[] {
    return listCheckpoints(this.#db);
  }
}
