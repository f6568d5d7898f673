import type Database from 'better-sqlite3';
import { openCheckpoint } from '../checkpoint.js';
import { Frontier } from '../frontier.js';
import { canonicalBytes } from '../jcs.js';
import { hashesEqual, hashLeaf } from '../merkle.js';
import type { NoteVerifier } from '../note-keys.js';
import { readStoredFrontier } from './checkpoint.js';
import { GENESIS_PREV } from './entry.js';

/** Why `verifyIntegrity` failed; `firstBadSeq` says where. */
export type IntegrityFailure =
  /** No row at `firstBadSeq` although later rows exist: an entry was deleted. */
  | 'MISSING_ENTRY'
  /** The body at `firstBadSeq` does not hash to its stored leaf hash. */
  | 'LEAF_MISMATCH'
  /** The body is not canonical JSON (FORMAT.md §1), so it was not written by the store. */
  | 'NOT_CANONICAL'
  /** The body's own `seq` differs from its row: entries were moved, swapped or inserted. */
  | 'SEQ_MISMATCH'
  /** `prev` is not the previous entry's leaf hash. */
  | 'CHAIN_BROKEN'
  /** The stored frontier disagrees with the entries (size or root). */
  | 'FRONTIER_MISMATCH'
  /** A checkpoint's root differs from the root of the first `size` entries. */
  | 'CHECKPOINT_MISMATCH'
  /** A stored checkpoint (or the frontier) covers more entries than exist: the tail was cut. */
  | 'TRUNCATED'
  /** A checkpoint kept outside covers more entries than exist: an older file was restored. */
  | 'ROLLED_BACK'
  /** A stored checkpoint's note does not verify or disagrees with its columns. */
  | 'BAD_CHECKPOINT';

/** Result of `verifyIntegrity`. */
export type IntegrityResult =
  | { ok: true; size: number; root: Buffer }
  | { ok: false; firstBadSeq: number; reason: IntegrityFailure; detail: string };

/**
 * Trust material from outside the file. Without it, stored checkpoints are compared by their
 * columns only, which an attacker who rewrites the file can rewrite too.
 */
export interface IntegrityOptions {
  /** The log's key and origin: every stored checkpoint note must verify with them. */
  verifier?: NoteVerifier;
  origin?: string;
  /** Checkpoint notes kept off the box (see `onCheckpoint`); need `verifier` and `origin`. */
  external?: readonly string[];
}

interface Anchor {
  size: number;
  root: Buffer;
  external: boolean;
}

type Row = { seq: number; body: Buffer; leaf_hash: Buffer };

/**
 * Recomputes every leaf from its body, the `prev` chain and the Merkle root, and compares them
 * with the stored frontier and every checkpoint, inside one read transaction (a snapshot).
 * For an entry-level failure `firstBadSeq` is the first row that is inconsistent on its own or
 * with its predecessor; a perfectly forged entry (right seq, prev and leaf) is caught at its
 * successor or by a checkpoint. For a root mismatch it is the size of the largest checkpoint
 * that still matched: the first seq nothing vouches for. Throws `AuditError` for malformed
 * external checkpoints or ones not signed by `verifier`.
 */
export function verifyStoreIntegrity(db: Database.Database, options: IntegrityOptions = {}): IntegrityResult {
  const external = (options.external ?? []).map((note): Anchor => {
    if (!options.verifier || options.origin === undefined) {
      throw new TypeError('external checkpoints need a verifier and an origin');
    }
    const cp = openCheckpoint(note, options.verifier, options.origin);
    return { size: cp.size, root: cp.rootHash, external: true };
  });
  return db.transaction(() => check(db, external, options))();
}

function check(db: Database.Database, external: Anchor[], options: IntegrityOptions): IntegrityResult {
  const fail = (firstBadSeq: number, reason: IntegrityFailure, detail: string): IntegrityResult => ({
    ok: false,
    firstBadSeq,
    reason,
    detail,
  });
  const anchors = [...external];
  let firstStored = -1;
  const cps = db.prepare('SELECT id, size, root, note FROM checkpoints ORDER BY id').all() as {
    id: number;
    size: number;
    root: Buffer;
    note: string;
  }[];
  for (const c of cps) {
    if (options.verifier && options.origin !== undefined) {
      try {
        const cp = openCheckpoint(c.note, options.verifier, options.origin);
        if (cp.size !== c.size || !hashesEqual(cp.rootHash, c.root))
          throw new Error('columns differ from note');
      } catch (err) {
        return fail(0, 'BAD_CHECKPOINT', `stored checkpoint ${c.id}: ${(err as Error).message}`);
      }
    }
    // Stored checkpoints were signed in order, each extending the last: sizes never decrease.
    if (c.size < firstStored) return fail(c.size, 'BAD_CHECKPOINT', `checkpoint ${c.id} shrinks the log`);
    firstStored = c.size;
    anchors.push({ size: c.size, root: c.root, external: false });
  }
  anchors.sort((a, b) => a.size - b.size);

  const frontier = Frontier.empty();
  let vouched = 0;
  let next = 0; // index into anchors
  const checkAnchors = (): IntegrityResult | undefined => {
    for (; next < anchors.length && (anchors[next] as Anchor).size === frontier.size; next++) {
      const a = anchors[next] as Anchor;
      if (!hashesEqual(a.root, frontier.root())) {
        const which = a.external ? 'external' : 'stored';
        return fail(vouched, 'CHECKPOINT_MISMATCH', `${which} checkpoint at size ${a.size} has another root`);
      }
      vouched = a.size;
    }
    return undefined;
  };

  let prev = GENESIS_PREV;
  for (const row of db
    .prepare('SELECT seq, body, leaf_hash FROM entries ORDER BY seq')
    .iterate() as Iterable<Row>) {
    const i = frontier.size;
    const bad = checkAnchors();
    if (bad) return bad;
    if (row.seq !== i) return fail(i, 'MISSING_ENTRY', `expected entry ${i}, found ${row.seq}`);
    const leaf = hashLeaf(row.body);
    if (!hashesEqual(leaf, row.leaf_hash))
      return fail(i, 'LEAF_MISMATCH', 'body does not match its leaf hash');
    // Attacker-controlled bytes from here on: parse defensively.
    let entry: { seq?: unknown; prev?: unknown };
    try {
      entry = JSON.parse(row.body.toString('utf8'));
      if (!canonicalBytes(entry).equals(row.body)) throw new Error('not canonical');
    } catch {
      return fail(i, 'NOT_CANONICAL', 'body is not RFC 8785 canonical JSON');
    }
    if (entry.seq !== i) return fail(i, 'SEQ_MISMATCH', `body says seq ${String(entry.seq)}`);
    if (entry.prev !== prev) return fail(i, 'CHAIN_BROKEN', 'prev is not the previous leaf hash');
    frontier.append(leaf);
    prev = leaf.toString('hex');
  }
  const n = frontier.size;
  const bad = checkAnchors();
  if (bad) return bad;
  const beyond = anchors[next];
  if (beyond) {
    const reason = beyond.external ? 'ROLLED_BACK' : 'TRUNCATED';
    return fail(n, reason, `a checkpoint covers ${beyond.size} entries, the log has ${n}`);
  }
  let stored: Frontier;
  try {
    stored = readStoredFrontier(db);
  } catch {
    return fail(vouched, 'FRONTIER_MISMATCH', 'stored frontier is unusable');
  }
  if (stored.size > n)
    return fail(n, 'TRUNCATED', `frontier covers ${stored.size} entries, the log has ${n}`);
  if (stored.size < n)
    return fail(stored.size, 'FRONTIER_MISMATCH', `entries beyond the frontier's ${stored.size}`);
  if (!hashesEqual(stored.root(), frontier.root())) {
    return fail(vouched, 'FRONTIER_MISMATCH', 'stored frontier has another root');
  }
  return { ok: true, size: n, root: frontier.root() };
}
