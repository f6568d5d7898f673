import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../jcs.js';
import { hashLeaf, treeRoot } from '../merkle.js';
import { inclusionProof } from '../proofs.js';
import { code } from '../test-support/errorCode.js';
import { verifyInclusion } from '../verify.js';
import { commitPersonal, type PersonalDetails, verifyCommitment } from './commitment.js';
import { buildDraft } from './draft.js';
import { eraseSubject } from './erase.js';
import { applyPersonalSchema, openPersonal, sealPersonal } from './personal.js';
import { pseudonymize } from './pseudonym.js';

const KEY = Buffer.alloc(32, 7);
const ALICE = pseudonymize(KEY, 'user_alice');
const BOB = pseudonymize(KEY, 'user_bob');
const ALICE_PD = {
  ip: '203.0.113.77',
  user_agent: 'Mozilla/5.0 (X11) Firefox/128.0',
  display_name: 'Alice Zebrowski',
};
const BOB_PD = { ip: '198.51.100.23', display_name: 'Bob Quixotic' };

let dir: string;
let path: string;
let db: Database.Database;

// Stands in for the store (audit/store/, built separately): seq, canonical bytes, Merkle leaves.
function append(subject: string, details: PersonalDetails): { seq: number; commitment: string } {
  return db.transaction(() => {
    const sealed = sealPersonal(db, subject, details);
    const draft = buildDraft({
      actor: subject,
      actor_type: 'user',
      roles: ['clinician'],
      action: 'auth.login.succeeded',
      object: { type: 'user', id: subject },
      outcome: 'success',
      personal: sealed.commitment,
    });
    const seq = (db.prepare('SELECT count(*) AS n FROM test_entries').get() as { n: number }).n;
    db.prepare('INSERT INTO test_entries (seq, body) VALUES (?, ?)').run(
      seq,
      canonicalBytes({ ...draft, seq }),
    );
    sealed.store(seq);
    return { seq, commitment: sealed.commitment };
  })();
}

function leaves(): Buffer[] {
  const rows = db.prepare('SELECT body FROM test_entries ORDER BY seq').all() as { body: Buffer }[];
  return rows.map((r) => hashLeaf(r.body));
}

function rawFiles(): Buffer {
  const parts = [path, `${path}-wal`, `${path}-journal`].filter(existsSync).map((p) => readFileSync(p));
  return Buffer.concat(parts);
}

function keyRow(subject: string): { key: Buffer; salt: Buffer } {
  return db.prepare('SELECT key, salt FROM subject_keys WHERE subject_pseudonym = ?').get(subject) as {
    key: Buffer;
    salt: Buffer;
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-personal-'));
  path = join(dir, 'audit.db');
  db = new Database(path, { timeout: 50 });
  db.pragma('journal_mode = WAL');
  applyPersonalSchema(db);
  db.exec('CREATE TABLE test_entries (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)');
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sealing and opening', () => {
  it('round-trips personal details and checks them against the entry commitment', () => {
    const a = append(ALICE, ALICE_PD);
    const b = append(BOB, BOB_PD);
    expect(openPersonal(db, a.seq, { commitment: a.commitment })).toEqual(ALICE_PD);
    expect(openPersonal(db, b.seq, { commitment: b.commitment })).toEqual(BOB_PD);
    expect(openPersonal(db, 99)).toBeNull();
    const { salt } = keyRow(ALICE);
    expect(commitPersonal(salt, ALICE_PD)).toBe(a.commitment);
  });

  it('never writes the plaintext to the database', () => {
    append(ALICE, ALICE_PD);
    const raw = rawFiles();
    expect(raw.includes(Buffer.from(keyRow(ALICE).key))).toBe(true); // the scan sees what is there
    for (const s of [ALICE_PD.ip, ALICE_PD.display_name, ALICE_PD.user_agent])
      expect(raw.includes(Buffer.from(s))).toBe(false);
  });

  it('detects a commitment mismatch', () => {
    const a = append(ALICE, ALICE_PD);
    const b = append(BOB, BOB_PD);
    expect(code(() => openPersonal(db, a.seq, { commitment: b.commitment }))).toBe('COMMITMENT_MISMATCH');
    expect(code(() => openPersonal(db, a.seq, { commitment: 'nonsense' }))).toBe('COMMITMENT_MISMATCH');
    const { salt } = keyRow(ALICE);
    const forged = { ...ALICE_PD, ip: '203.0.113.78' };
    expect(code(() => verifyCommitment(a.commitment, salt, forged))).toBe('COMMITMENT_MISMATCH');
    expect(code(() => verifyCommitment(a.commitment, Buffer.alloc(32), ALICE_PD))).toBe(
      'COMMITMENT_MISMATCH',
    );
  });

  it.each(['ciphertext', 'iv', 'tag'])('detects a tampered %s', (column) => {
    const a = append(ALICE, ALICE_PD);
    const row = db.prepare(`SELECT ${column} AS v FROM personal_details WHERE entry_seq = ?`).get(a.seq) as {
      v: Buffer;
    };
    const flipped = Buffer.from(row.v);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    db.prepare(`UPDATE personal_details SET ${column} = ? WHERE entry_seq = ?`).run(flipped, a.seq);
    expect(code(() => openPersonal(db, a.seq))).toBe('PERSONAL_TAMPERED');
  });

  it('detects a row moved to another entry (the AAD binds the seq)', () => {
    append(ALICE, ALICE_PD);
    const a2 = append(ALICE, { ...ALICE_PD, ip: '203.0.113.99' });
    db.prepare('DELETE FROM personal_details WHERE entry_seq = ?').run(a2.seq);
    db.prepare('UPDATE personal_details SET entry_seq = ? WHERE entry_seq = 0').run(a2.seq);
    expect(code(() => openPersonal(db, a2.seq))).toBe('PERSONAL_TAMPERED');
  });

  it('refuses bad input and a second store', () => {
    expect(code(() => sealPersonal(db, 'user_alice', ALICE_PD))).toBe('BAD_PERSONAL');
    expect(code(() => sealPersonal(db, ALICE, {}))).toBe('BAD_PERSONAL');
    expect(code(() => sealPersonal(db, ALICE, { email: 'a@b.c' } as never))).toBe('BAD_PERSONAL');
    expect(code(() => sealPersonal(db, ALICE, { ip: 'x'.repeat(513) }))).toBe('BAD_PERSONAL');
    expect(code(() => sealPersonal(db, ALICE, { display_name: '\ud800' }))).toBe('BAD_PERSONAL');
    const s = sealPersonal(db, ALICE, ALICE_PD);
    s.store(5);
    expect(code(() => s.store(6))).toBe('BAD_PERSONAL');
    expect(code(() => sealPersonal(db, ALICE, ALICE_PD).store(5))).toBe('BAD_PERSONAL'); // seq taken
    expect(() => sealPersonal(db, ALICE, ALICE_PD).store(1.5)).toThrow(TypeError);
  });
});

describe('eraseSubject (GDPR Art. 17)', () => {
  it('redacts the subject, leaves others, and the log still verifies', () => {
    const a = append(ALICE, ALICE_PD);
    const b = append(BOB, BOB_PD);
    const a2 = append(ALICE, { ...ALICE_PD, ip: '203.0.113.78' });
    const before = leaves();
    const root = treeRoot((i) => before[i] as Buffer, before.length);

    expect(eraseSubject(db, ALICE)).toEqual({ rows: 2, wal: true });

    expect(openPersonal(db, a.seq)).toBe('redacted');
    expect(openPersonal(db, a2.seq, { commitment: a2.commitment })).toBe('redacted');
    expect(openPersonal(db, b.seq, { commitment: b.commitment })).toEqual(BOB_PD);
    const after = leaves();
    expect(after).toEqual(before);
    const proof = inclusionProof((i) => after[i] as Buffer, a.seq, after.length);
    expect(() => verifyInclusion(a.seq, after.length, after[a.seq] as Buffer, proof, root)).not.toThrow();
    // Idempotent, and the tombstone keeps its first erasure time.
    const erasedAt = db.prepare('SELECT erased_at FROM subject_keys WHERE subject_pseudonym = ?').get(ALICE);
    expect(eraseSubject(db, ALICE, { now: 1 })).toEqual({ rows: 0, wal: true });
    expect(db.prepare('SELECT erased_at FROM subject_keys WHERE subject_pseudonym = ?').get(ALICE)).toEqual(
      erasedAt,
    );
  });

  it('leaves no key, salt, ciphertext, IP or name in the .db or -wal bytes', () => {
    const a = append(ALICE, ALICE_PD);
    append(BOB, BOB_PD);
    const { key, salt } = keyRow(ALICE);
    const { ciphertext } = db
      .prepare('SELECT ciphertext FROM personal_details WHERE entry_seq = ?')
      .get(a.seq) as {
      ciphertext: Buffer;
    };
    const secrets = [key, salt, ciphertext].map((b) => Buffer.from(b));
    const before = rawFiles();
    for (const s of secrets) expect(before.includes(s)).toBe(true);

    eraseSubject(db, ALICE);

    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    const after = rawFiles();
    expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);
    for (const s of secrets) expect(after.includes(s)).toBe(false);
    for (const s of [ALICE_PD.ip, ALICE_PD.display_name, ALICE_PD.user_agent])
      expect(after.includes(Buffer.from(s))).toBe(false);
    expect(after.includes(Buffer.from(keyRow(BOB).key))).toBe(true); // Bob is untouched
  });

  it('reports ERASURE_INCOMPLETE while a reader pins old WAL frames, and completes on retry', () => {
    const a = append(ALICE, ALICE_PD);
    const reader = new Database(path, { timeout: 50 });
    try {
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM personal_details').get();
      expect(code(() => eraseSubject(db, ALICE))).toBe('ERASURE_INCOMPLETE');
      expect(openPersonal(db, a.seq)).toBe('redacted');
      reader.prepare('COMMIT').run();
    } finally {
      reader.close();
    }
    expect(eraseSubject(db, ALICE).wal).toBe(true);
  });

  it('gives a returning subject a fresh key; earlier rows stay redacted', () => {
    const a = append(ALICE, ALICE_PD);
    const oldKey = Buffer.from(keyRow(ALICE).key);
    eraseSubject(db, ALICE);
    const a2 = append(ALICE, { ip: '192.0.2.1' });
    expect(keyRow(ALICE).key.equals(oldKey)).toBe(false);
    expect(openPersonal(db, a.seq)).toBe('redacted');
    expect(openPersonal(db, a2.seq, { commitment: a2.commitment })).toEqual({ ip: '192.0.2.1' });
  });

  it('never re-creates data for a key erased between seal and store', () => {
    const sealed = sealPersonal(db, ALICE, ALICE_PD);
    eraseSubject(db, ALICE);
    expect(code(() => sealed.store(0))).toBe('BAD_PERSONAL');
  });

  it('refuses to run inside a transaction or for a non-pseudonym', () => {
    expect(() => db.transaction(() => eraseSubject(db, ALICE))()).toThrow(TypeError);
    expect(code(() => eraseSubject(db, 'user_alice'))).toBe('BAD_PERSONAL');
  });
});
