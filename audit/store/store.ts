import type Database from 'better-sqlite3';
import { Frontier } from '../frontier.js';
import { consistencyProof, inclusionProof } from '../proofs.js';
import { EntryWriter, type LogHead, sealBatch } from './append.js';
import {
  type CheckpointSigner,
  readStoredFrontier,
  type StoredCheckpoint,
  storeCheckpoint,
} from './checkpoint.js';
import { assertDraft, type Clock, GENESIS_PREV, type SealedEntry } from './entry.js';
import { AuditStoreError } from './errors.js';
import { GroupCommitter } from './group-commit.js';
import { type IntegrityOptions, type IntegrityResult, verifyStoreIntegrity } from './integrity.js';
import { openAuditDatabase } from './schema.js';

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
 * Opens the append-only audit log in its own SQLite file (WAL, synchronous=FULL). A store whose
 * stored frontier disagrees with its entries opens, but refuses appends (`STATE_MISMATCH`) until
 * an operator has looked: run `verifyIntegrity()` to find out where.
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
  readonly #committer: GroupCommitter<Record<string, unknown>, { seq: number; leafHash: Buffer }>;
  readonly #stats: AuditStoreStats = { commits: 0, entries: 0 };
  readonly #writer: EntryWriter;
  /** Committed state, replaced only after a transaction has committed. */
  #head: LogHead;
  #broken: string | undefined;
  #closed = false;

  /** Use `openAuditStore`. */
  constructor(db: Database.Database, options: AuditStoreOptions) {
    this.#db = db;
    this.#options = options;
    this.#clock = options.clock ?? Date;
    this.#committer = new GroupCommitter((drafts) => this.#commit(drafts), options.groupCommit);
    this.#writer = new EntryWriter(db);
    this.#head = { frontier: Frontier.empty(), prev: GENESIS_PREV };
    try {
      this.#head.frontier = readStoredFrontier(db);
    } catch (err) {
      // Still open, so that verifyIntegrity() can say what is wrong; appends are refused.
      this.#broken = (err as Error).message;
      return;
    }
    // Cheap start-up sanity check (O(1)); the full O(n) check is verifyIntegrity().
    const max = (db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null }).m;
    if ((max ?? -1) + 1 !== this.#head.frontier.size) {
      this.#broken = `stored frontier has ${this.#head.frontier.size} leaves, entries end at ${max}`;
    } else if (max !== null) {
      this.#head.prev = this.leafHashAt(max).toString('hex');
    }
  }

  /**
   * Appends an entry. The store adds `seq`, `ts`, `prev` and (if absent) `v: 1`; the promise
   * resolves only after the entry's transaction has committed with synchronous=FULL, and
   * rejects (with nothing written) otherwise: `NOT_CANONICAL` for unserialisable values,
   * `WRITE_FAILED`, `STORE_CLOSED` or `STATE_MISMATCH`. A `TypeError` is thrown for a non-object
   * draft or one that sets `seq`, `ts` or `prev`.
   */
  append(draft: Record<string, unknown>): Promise<{ seq: number; leafHash: Buffer }> {
    assertDraft(draft);
    if (this.#closed) return Promise.reject(new AuditStoreError('STORE_CLOSED', 'audit store is closed'));
    return this.#committer.add({ ...draft });
  }

  #commit(drafts: Record<string, unknown>[]): ({ seq: number; leafHash: Buffer } | Error)[] {
    if (this.#closed) throw new AuditStoreError('STORE_CLOSED', 'audit store is closed');
    if (this.#broken) throw new AuditStoreError('STATE_MISMATCH', this.#broken);
    const { next, sealed } = sealBatch(this.#head, drafts, this.#clock);
    const rows = sealed.filter((e): e is SealedEntry => !(e instanceof Error));
    if (rows.length > 0) {
      this.#writer.write(rows, this.#head.frontier.size, next.frontier);
      this.#stats.commits++;
      this.#stats.entries += rows.length;
    }
    // Only now, after the commit, does the in-memory head move.
    this.#head = next;
    return sealed.map((e) => (e instanceof Error ? e : { seq: e.seq, leafHash: e.leafHash }));
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

  /** Number of committed entries (0 while the stored frontier is unreadable). */
  size(): number {
    return this.#head.frontier.size;
  }

  /** RFC 6962 root of the committed entries. */
  root(): Buffer {
    return this.#head.frontier.root();
  }

  /** Leaf hash at `index` (a `LeafHashSource`); throws `NOT_FOUND` past the end. */
  leafHashAt(index: number): Buffer {
    const row = this.#db.prepare('SELECT leaf_hash FROM entries WHERE seq = ?').get(index) as
      | { leaf_hash: Buffer }
      | undefined;
    if (!row) throw new AuditStoreError('NOT_FOUND', `no audit entry ${index}`);
    return row.leaf_hash;
  }

  /** RFC 6962 §2.1.1 inclusion proof of `index` in the tree of the first `size` entries. O(size). */
  inclusionProof(index: number, size: number = this.size()): Buffer[] {
    return inclusionProof((i) => this.leafHashAt(i), index, size);
  }

  /** RFC 6962 §2.1.2 consistency proof from size `m` to size `n`. O(n). */
  consistencyProof(m: number, n: number = this.size()): Buffer[] {
    return consistencyProof((i) => this.leafHashAt(i), m, n);
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
      cp = storeCheckpoint(this.#db, this.#head.frontier, (i) => this.leafHashAt(i), signer, at);
    } catch (err) {
      if (err instanceof AuditStoreError && (err.code === 'FORK_REFUSED' || err.code === 'STATE_MISMATCH')) {
        this.#broken = err.message;
      }
      throw err;
    }
    this.#options.onCheckpoint?.(cp);
    return cp.note;
  }

  /** Full O(n) check of the file against itself and the given trusted checkpoints. */
  verifyIntegrity(options: IntegrityOptions = {}): IntegrityResult {
    return verifyStoreIntegrity(this.#db, options);
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
}
