import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalBytes } from '../../jcs.js';
import { hashLeaf } from '../../merkle.js';
import type { PersonalDetails } from '../commitment.js';
import { buildDraft } from '../draft.js';
import { unwrapSubjectKey } from '../kek.js';
import { applyPersonalSchema, personalSideWrite } from '../personal.js';
import { pseudonymize } from '../pseudonym.js';

// Test fixture: an audit database file in WAL mode with the personal-data tables and a stand-in
// for the store (audit/store/, built separately), which calls the side write exactly as the
// store's append does: before() in the write transaction, the entry row, after() with its seq.

export const PSEUDONYM_KEY = Buffer.alloc(32, 7);
export const KEK = Buffer.alloc(32, 0x4b);
export const OTHER_KEK = Buffer.alloc(32, 0x4c);
export const ALICE = pseudonymize(PSEUDONYM_KEY, 'user_alice');
export const BOB = pseudonymize(PSEUDONYM_KEY, 'user_bob');
export const ALICE_PD = {
  ip: '203.0.113.77',
  user_agent: 'Mozilla/5.0 (X11) Firefox/128.0',
  display_name: 'Alice Zebrowski',
};
export const BOB_PD = { ip: '198.51.100.23', display_name: 'Bob Quixotic' };

/** A throwaway audit database. */
export class PersonalDb {
  readonly dir = mkdtempSync(join(tmpdir(), 'parley-personal-'));
  readonly path = join(this.dir, 'audit.db');
  readonly db = new Database(this.path, { timeout: 50 });

  constructor() {
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON'); // as the store's connection has it
    applyPersonalSchema(this.db);
    this.db.exec('CREATE TABLE test_entries (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  }

  /** Appends an entry carrying `details` of `subject`, as the store would. */
  append(subject: string, details: PersonalDetails, kek: Buffer = KEK): { seq: number; commitment: string } {
    const side = personalSideWrite(kek, subject, details);
    return this.db.transaction(() => {
      const { personal } = side.before(this.db);
      const seq = this.size();
      this.insertEntry(seq, subject, personal);
      side.after(this.db, seq);
      return { seq, commitment: personal };
    })();
  }

  /** Inserts an entry row (the store's part of the transaction). */
  insertEntry(seq: number, subject: string, personal: string): void {
    const draft = buildDraft({
      actor: subject,
      actor_type: 'user',
      roles: ['clinician'],
      action: 'auth.login.succeeded',
      object: { type: 'user', id: subject },
      outcome: 'success',
      personal,
    });
    this.db
      .prepare('INSERT INTO test_entries (seq, body) VALUES (?, ?)')
      .run(seq, canonicalBytes({ ...draft, seq }));
  }

  size(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM test_entries').get() as { n: number }).n;
  }

  count(table: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  leaves(): Buffer[] {
    const rows = this.db.prepare('SELECT body FROM test_entries ORDER BY seq').all() as { body: Buffer }[];
    return rows.map((r) => hashLeaf(r.body));
  }

  /** The stored (wrapped) key row of `subject`. */
  wrapped(subject: string): Buffer | null {
    const row = this.db
      .prepare('SELECT wrapped FROM subject_keys WHERE subject_pseudonym = ?')
      .get(subject) as { wrapped: Buffer | null } | undefined;
    return row?.wrapped ?? null;
  }

  /** The subject's key and salt in clear (what must never reach the file). */
  secrets(subject: string, kek: Buffer = KEK): { key: Buffer; salt: Buffer } {
    const w = this.wrapped(subject);
    if (!w) throw new Error(`no key for ${subject}`);
    const { key, salt } = unwrapSubjectKey(kek, subject, w);
    return { key: Buffer.from(key), salt: Buffer.from(salt) };
  }

  /** The bytes of the database file and its -wal and -journal, as on disk now. */
  rawFiles(): Buffer {
    const parts = [this.path, `${this.path}-wal`, `${this.path}-journal`]
      .filter(existsSync)
      .map((p) => readFileSync(p));
    return Buffer.concat(parts);
  }

  close(): void {
    if (this.db.open) this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
