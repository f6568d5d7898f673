import type { Db } from './db.js';

/** An OIDC login between the redirect to the IdP and its callback. */
export interface PendingRow {
  state_hash: string;
  browser_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: number;
}

/** Stores a pending login and drops ones older than `maxAgeMs`. */
export function insertPending(db: Db, row: PendingRow, maxAgeMs: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM oidc_pending WHERE created_at < ?').run(row.created_at - maxAgeMs);
    db.prepare(
      `INSERT INTO oidc_pending (state_hash, browser_hash, nonce, code_verifier, return_to, created_at)
       VALUES (@state_hash, @browser_hash, @nonce, @code_verifier, @return_to, @created_at)`,
    ).run(row);
  })();
}

/**
 * Removes and returns a pending login (single use) if it exists, is fresh and was started by
 * the same browser. A state presented by another browser is consumed all the same, so it
 * cannot be tried twice.
 */
export function takePending(
  db: Db,
  stateHash: string,
  browserHash: string,
  now: number,
  maxAgeMs: number,
): PendingRow | undefined {
  const row = db.prepare('DELETE FROM oidc_pending WHERE state_hash = ? RETURNING *').get(stateHash) as
    | PendingRow
    | undefined;
  if (!row || row.browser_hash !== browserHash || now - row.created_at > maxAgeMs) return undefined;
  return row;
}
