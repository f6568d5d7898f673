import type Database from 'better-sqlite3';
import { openCheckpoint } from '../checkpoint.js';
import type { Frontier } from '../frontier.js';
import { hashesEqual } from '../merkle.js';
import type { NoteVerifier } from '../note-keys.js';
import { CacheCheck } from './cache-check.js';
import { readStoredFrontier } from './checkpoint.js';
import { GENESIS_PREV } from './entry.js';
import { checkEntry, checkExact } from './entry-check.js';
import { HexFold } from './subtrees.js';

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
  | 'BAD_CHECKPOINT'
  /**
   * Everything else holds, but a row of the proof cache (`subtrees`) is wrong, missing or
   * superfluous; `firstBadSeq` is the first leaf under it. The log itself is intact; proofs
   * served from that row fail verification. Repair with `rebuildProofCache()`.
   */
  | 'CACHE_MISMATCH';

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

/** seq, body decoded as UTF-8 text, leaf hash in lowercase hex, body length in bytes. */
type Row = [number, string, string, number];

const PAGE = 1024;

/**
 * Recomputes every leaf from its body, the `prev` chain and the Merkle root, and compares them
 * with the stored frontier and every checkpoint, inside one read transaction (a snapshot);
 * then compares the proof cache with the subtrees recomputed on the way (never trusting it).
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

  const frontier = new HexFold();
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

  const cache = new CacheCheck(db);
  const page = db
    .prepare(
      `SELECT seq, CAST(body AS TEXT), lower(hex(leaf_hash)), length(body)
         FROM entries WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`,
    )
    .raw();
  const exact = db.prepare('SELECT body, leaf_hash AS leafHash FROM entries WHERE seq = ?');
  // CAST(body AS TEXT) reads the bytes in the database's encoding: only UTF-8 leaves them as
  // they are. A file created as UTF-16 (by hand: the store never does) gets the exact path.
  const asText = db.pragma('encoding', { simple: true }) === 'UTF-8';
  let prev = GENESIS_PREV;
  for (let after = -1; ; ) {
    const rows = page.all(after) as Row[];
    for (const [seq, text, leafHex, bytes] of rows) {
      const i = frontier.size;
      if (next < anchors.length) {
        const bad = checkAnchors();
        if (bad) return bad;
      }
      if (seq !== i) return fail(i, 'MISSING_ENTRY', `expected entry ${i}, found ${seq}`);
      // Attacker-controlled bytes from here on: checkEntry parses defensively.
      let e = asText ? checkEntry(text, bytes, leafHex) : 'EXACT';
      if (e === 'EXACT') e = checkExact(exact.get(seq) as { body: Buffer; leafHash: Buffer });
      if (e === 'LEAF_MISMATCH') return fail(i, e, 'body does not match its leaf hash');
      if (e === 'NOT_CANONICAL') return fail(i, e, 'body is not RFC 8785 canonical JSON');
      // Tokens are canonical JSON, so comparing them compares the values exactly.
      if (e.seq !== String(i)) return fail(i, 'SEQ_MISMATCH', `body says seq ${e.seq ?? 'nothing'}`);
      if (!isQuoted(e.prev, prev)) return fail(i, 'CHAIN_BROKEN', 'prev is not the previous leaf hash');
      frontier.append(e.leafHex, cache.sink);
      prev = e.leafHex;
    }
    if (rows.length < PAGE) break;
    after = (rows[rows.length - 1] as Row)[0];
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
  const problem = cache.finish(n);
  if (problem) {
    const { level, index, detail } = problem;
    return fail(index * 2 ** level, 'CACHE_MISMATCH', `proof cache row (${level}, ${index}) ${detail}`);
  }
  return { ok: true, size: n, root: frontier.root() };
}

/** Whether `token` is the canonical JSON of the string `hex` (which needs no escapes). */
function isQuoted(token: string | undefined, hex: string): boolean {
  return (
    token !== undefined &&
    token.length === hex.length + 2 &&
    token.charCodeAt(0) === 0x22 &&
    token.charCodeAt(hex.length + 1) === 0x22 &&
    token.startsWith(hex, 1)
  );
}
