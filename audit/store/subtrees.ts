import * as nodeCrypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Frontier } from '../frontier.js';
import { EMPTY_ROOT, hashChildren } from '../merkle.js';

// The `subtrees` table caches the hash of every complete, aligned perfect subtree of level
// >= MIN_CACHED_LEVEL: the subtree of level h and index i covers leaves [i·2^h, (i+1)·2^h) and
// its hash is MTH of those leaves (RFC 6962 §2.1). Such a subtree never changes once its last
// leaf is appended, so the cache is append-only in practice and written in the append's own
// transaction. It is NOT trusted: proofs read from it are checked by whoever verifies them, and
// verifyIntegrity recomputes every row from the entries (reason `CACHE_MISMATCH`).

/**
 * Lowest cached level. Below it proofs hash leaves: at most 2^4 - 1 per edge of a proof,
 * which keeps the table at n/8 rows (one per 16 leaves at level 4, half that at level 5...).
 */
export const MIN_CACHED_LEVEL = 4;

/** Leaves per subtree of the lowest cached level. */
export const CACHED_SPAN = 2 ** MIN_CACHED_LEVEL;

/** Receives a newly completed perfect subtree of level >= MIN_CACHED_LEVEL. */
export type SubtreeSink = (level: number, index: number, hash: Buffer) => void;

/** Like SubtreeSink, with the hash in lowercase hex. */
export type HexSubtreeSink = (level: number, index: number, hex: string) => void;

/**
 * Appends `leafHash` to `frontier` and reports to `sink` every perfect subtree of level >=
 * MIN_CACHED_LEVEL that the leaf completes, lowest first. The frontier keeps only the largest
 * of them, so the carry loop of `Frontier.append` is replayed on a copy of its nodes; that
 * happens once per CACHED_SPAN leaves, when the new size is a multiple of it.
 */
export function appendLeaf(frontier: Frontier, leafHash: Buffer, sink?: SubtreeSink): void {
  const size = frontier.size + 1;
  if (sink && size % CACHED_SPAN === 0) {
    const nodes = frontier.nodes;
    let node = leafHash;
    let carry = frontier.size;
    for (let level = 1; carry % 2 === 1; level++) {
      node = hashChildren(nodes.pop() as Buffer, node);
      carry = (carry - 1) / 2;
      if (level >= MIN_CACHED_LEVEL) sink(level, size / 2 ** level - 1, node);
    }
  }
  frontier.append(leafHash);
}

const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;
const nodeInput = Buffer.alloc(65, 0x01);

/** RFC 6962 §2.1 interior node SHA-256(0x01 || left || right), on and to lowercase hex. */
function childrenHex(left: string, right: string): string {
  nodeInput.write(left, 1, 'hex');
  nodeInput.write(right, 33, 'hex');
  if (oneShot) return oneShot('sha256', nodeInput, 'hex');
  return nodeCrypto.createHash('sha256').update(nodeInput).digest('hex');
}

/**
 * The Frontier's fold (same nodes, same root) for whole-log passes: verifyIntegrity and
 * rebuilding the cache. It works on hex strings, as the leaf hashes come out of SQLite and
 * `crypto.hash`, so that a million leaves allocate no Buffers; and it reports every subtree
 * of level >= MIN_CACHED_LEVEL it completes. Takes well-formed 64-digit lowercase hex only.
 */
export class HexFold {
  readonly #nodes: string[] = [];
  #size = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.#size;
  }

  /** Appends a leaf hash; `sink` hears of each subtree it completes, lowest first. */
  append(leafHex: string, sink?: HexSubtreeSink): void {
    let node = leafHex;
    let carry = this.#size;
    this.#size++;
    for (let level = 1; carry % 2 === 1; level++) {
      node = childrenHex(this.#nodes.pop() as string, node);
      carry = (carry - 1) / 2;
      if (sink && level >= MIN_CACHED_LEVEL) sink(level, this.#size / 2 ** level - 1, node);
    }
    this.#nodes.push(node);
  }

  /** MTH of the leaves so far (RFC 6962 §2.1), folding the nodes from the right. */
  root(): Buffer {
    const nodes = this.#nodes;
    if (nodes.length === 0) return Buffer.from(EMPTY_ROOT);
    let r = nodes[nodes.length - 1] as string;
    for (let i = nodes.length - 2; i >= 0; i--) r = childrenHex(nodes[i] as string, r);
    return Buffer.from(r, 'hex');
  }
}

/** Prepared statements on the `subtrees` table. */
export class SubtreeTable {
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;

  constructor(db: Database.Database) {
    // OR REPLACE: a stale row (a cache restored from elsewhere, say) is simply overwritten;
    // the cache is never trusted, so there is nothing to protect by refusing.
    this.#put = db.prepare('INSERT OR REPLACE INTO subtrees (level, idx, hash) VALUES (?, ?, ?)');
    this.#get = db.prepare('SELECT hash FROM subtrees WHERE level = ? AND idx = ?').pluck();
  }

  /** Stores one subtree hash (a `SubtreeSink`). */
  readonly put: SubtreeSink = (level, index, hash) => {
    this.#put.run(level, index, hash);
  };

  /** The cached hash of subtree (level, index), or undefined. */
  get(level: number, index: number): Buffer | undefined {
    return this.#get.get(level, index) as Buffer | undefined;
  }
}

const PAGE = 4096;

/**
 * Recomputes the whole `subtrees` table from the stored leaf hashes, in the caller's
 * transaction (the v2 migration, `AuditStore.rebuildProofCache`). Stops at the first gap in
 * `seq` or at a malformed leaf hash: subtrees past it are left uncached, which only makes their proofs slower.
 */
export function rebuildSubtrees(db: Database.Database): void {
  db.prepare('DELETE FROM subtrees').run();
  const table = new SubtreeTable(db);
  const put: HexSubtreeSink = (level, index, hex) => table.put(level, index, Buffer.from(hex, 'hex'));
  const page = db
    .prepare('SELECT seq, lower(hex(leaf_hash)) FROM entries WHERE seq >= ? ORDER BY seq LIMIT ?')
    .raw();
  const fold = new HexFold();
  for (;;) {
    const rows = page.all(fold.size, PAGE) as [number, string][];
    for (const [seq, leafHex] of rows) {
      if (seq !== fold.size || !/^[0-9a-f]{64}$/.test(leafHex)) return;
      fold.append(leafHex, put);
    }
    if (rows.length < PAGE) return;
  }
}
