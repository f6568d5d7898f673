// Shared test helpers: temp files, a fixed clock, a log key, and an "attacker" connection that
// drops the append-only triggers, as anyone with write access to the file could.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Frontier } from '../../frontier.js';
import { canonicalBytes } from '../../jcs.js';
import { hashLeaf } from '../../merkle.js';
import { ed25519Signer, generateNoteKey, parseVerifierKey } from '../../note-keys.js';
import { AuditStoreError } from '../errors.js';

export const ORIGIN = 'parley.test/audit';
const key = generateNoteKey(ORIGIN);
export const signer = { origin: ORIGIN, key: ed25519Signer(ORIGIN, key.privateKeyPem) };
export const verifier = parseVerifierKey(key.vkey);

/** A clock that starts at 2026-01-02T03:04:05.678Z and ticks 1 ms per call. */
export function fixedClock(start = Date.UTC(2026, 0, 2, 3, 4, 5, 678)): { now(): number } {
  let t = start;
  return { now: () => t++ };
}

/** A fresh directory per test file; call the returned cleanup in afterAll. */
export function tempDir(): { path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'audit-store-'));
  let n = 0;
  return {
    path: (name) => join(dir, `${n++}-${name}`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The code of an `AuditStoreError` (or `AuditError`) a promise rejected with. */
export async function rejectionCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AuditStoreError) return err.code;
    if (err instanceof Error && 'code' in err) return String(err.code);
    throw err;
  }
  throw new Error('expected a rejection');
}

/** A second connection to the file with the triggers dropped. */
export function attacker(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  for (const t of [
    'entries_no_update',
    'entries_no_delete',
    'checkpoints_no_update',
    'checkpoints_no_delete',
  ]) {
    db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  }
  return db;
}

/** Rewrites the stored frontier so that it matches the entries as they now are. */
export function refreshFrontier(db: Database.Database): void {
  const leaves = db.prepare('SELECT leaf_hash FROM entries ORDER BY seq').pluck().all() as Buffer[];
  const f = Frontier.fromLeafHashes(leaves);
  db.prepare('UPDATE frontier SET size = ?, json = ? WHERE id = 1').run(f.size, JSON.stringify(f.toJSON()));
}

/** Reseals entries from `from` on (body edited by `edit`), re-chaining prev and leaf hashes. */
export function rewriteFrom(
  db: Database.Database,
  from: number,
  edit: (e: Record<string, unknown>) => void,
): void {
  const rows = db.prepare('SELECT seq, body FROM entries WHERE seq >= ? ORDER BY seq').all(from) as {
    seq: number;
    body: Buffer;
  }[];
  let prev =
    from === 0
      ? '0'.repeat(64)
      : (
          db
            .prepare('SELECT leaf_hash FROM entries WHERE seq = ?')
            .pluck()
            .get(from - 1) as Buffer
        ).toString('hex');
  for (const r of rows) {
    const e = JSON.parse(r.body.toString()) as Record<string, unknown>;
    if (r.seq === from) edit(e);
    e.prev = prev;
    const body = canonicalBytes(e);
    const leaf = hashLeaf(body);
    db.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE seq = ?').run(body, leaf, r.seq);
    prev = leaf.toString('hex');
  }
}
