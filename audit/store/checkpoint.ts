import type Database from 'better-sqlite3';
import { signCheckpoint } from '../checkpoint.js';
import { AuditError } from '../errors.js';
import { Frontier, type FrontierJSON } from '../frontier.js';
import { hashesEqual, type LeafHashSource } from '../merkle.js';
import type { NoteSigner } from '../note-keys.js';
import { consistencyProof } from '../proofs.js';
import { verifyConsistency } from '../verify.js';
import { AuditStoreError } from './errors.js';

/** The log's identity and signing key; `key.name` must equal `origin` (FORMAT.md §5). */
export interface CheckpointSigner {
  origin: string;
  key: NoteSigner;
}

/** A checkpoint as stored and handed to `onCheckpoint`. */
export interface StoredCheckpoint {
  size: number;
  rootHash: Buffer;
  /** The C2SP signed note, ready to ship off the box. */
  note: string;
  createdAt: string;
}

/** Reads the persisted frontier row; throws `STATE_MISMATCH` when it does not parse. */
export function readStoredFrontier(db: Database.Database): Frontier {
  const row = db.prepare('SELECT size, json FROM frontier WHERE id = 1').get() as
    | { size: number; json: string }
    | undefined;
  try {
    if (!row) throw new Error('frontier row is missing');
    const f = Frontier.fromJSON(JSON.parse(row.json) as FrontierJSON);
    if (f.size !== row.size) throw new Error('frontier size column disagrees with its JSON');
    return f;
  } catch (err) {
    throw new AuditStoreError('STATE_MISMATCH', 'stored frontier is unusable', { cause: err });
  }
}

/**
 * Signs and stores a checkpoint of the committed tree, in one IMMEDIATE transaction so that no
 * append interleaves. Never signs a fork: the tree must be consistent with the last stored
 * checkpoint, proven with an RFC 9162 §2.1.4.2 consistency proof computed from the stored leaf
 * hashes and checked against the stored frontier's root. `cachedProof` (the store's O(log n)
 * proof from its subtree cache) is tried first; as the cache is not trusted, a proof from it
 * that fails is recomputed from the leaf hashes alone (O(n)) before anything is refused.
 * Throws `STATE_MISMATCH` when the stored frontier is not what this process wrote and
 * `FORK_REFUSED` when the proof fails.
 */
export function storeCheckpoint(
  db: Database.Database,
  expected: Frontier,
  leafHashAt: LeafHashSource,
  signer: CheckpointSigner,
  createdAt: string,
  cachedProof?: (size1: number, size2: number) => Buffer[],
): StoredCheckpoint {
  if (signer.key.name !== signer.origin) {
    throw new TypeError('checkpoint key name must equal the origin (FORMAT.md §5)');
  }
  return db
    .transaction((): StoredCheckpoint => {
      const stored = readStoredFrontier(db);
      const size = stored.size;
      const rootHash = stored.root();
      if (size !== expected.size || !hashesEqual(rootHash, expected.root())) {
        throw new AuditStoreError('STATE_MISMATCH', 'stored frontier differs from the one this store wrote');
      }
      const last = db.prepare('SELECT size, root FROM checkpoints ORDER BY id DESC LIMIT 1').get() as
        | { size: number; root: Buffer }
        | undefined;
      if (last && !provenByCache(last, size, rootHash, cachedProof)) {
        try {
          // The old root comes from our own last checkpoint; the proof nodes and the new root
          // come from rows an attacker with file access may have rewritten.
          const proof = consistencyProof(leafHashAt, last.size, size);
          verifyConsistency(last.size, size, last.root, rootHash, proof);
        } catch (err) {
          const code = err instanceof AuditError || err instanceof AuditStoreError ? err.code : 'unknown';
          throw new AuditStoreError(
            'FORK_REFUSED',
            `tree of size ${size} does not extend checkpoint ${last.size} (${code})`,
            {
              cause: err,
            },
          );
        }
      }
      const note = signCheckpoint({ origin: signer.origin, size, rootHash }, signer.key);
      db.prepare('INSERT INTO checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)').run(
        size,
        rootHash,
        note,
        createdAt,
      );
      return { size, rootHash, note, createdAt };
    })
    .immediate();
}

/** Every stored checkpoint, oldest first (by insertion id). */
export function listCheckpoints(db: Database.Database): StoredCheckpoint[] {
  const rows = db.prepare('SELECT size, root, note, created_at FROM checkpoints ORDER BY id').all() as {
    size: number;
    root: Buffer;
    note: string;
    created_at: string;
  }[];
  return rows.map((r) => ({ size: r.size, rootHash: r.root, note: r.note, createdAt: r.created_at }));
}

/** True when the cached consistency proof verifies; any failure means "ask the leaves". */
function provenByCache(
  last: { size: number; root: Buffer },
  size: number,
  rootHash: Buffer,
  cachedProof: ((size1: number, size2: number) => Buffer[]) | undefined,
): boolean {
  if (!cachedProof) return false;
  try {
    verifyConsistency(last.size, size, last.root, rootHash, cachedProof(last.size, size));
    return true;
  } catch {
    return false;
  }
}
