import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { treeRoot } from '../merkle.js';
import { inclusionProof } from '../proofs.js';
import { code } from '../test-support/errorCode.js';
import { verifyInclusion } from '../verify.js';
import { eraseSubject } from './erase.js';
import { openPersonal, personalSideWrite } from './personal.js';
import { ALICE, ALICE_PD, BOB, BOB_PD, KEK, PersonalDb } from './test-support/personal-db.js';

let t: PersonalDb;
beforeEach(() => {
  t = new PersonalDb();
});
afterEach(() => t.close());

describe('eraseSubject (GDPR Art. 17)', () => {
  it('redacts the subject, leaves others, and the log still verifies', () => {
    const a = t.append(ALICE, ALICE_PD);
    const b = t.append(BOB, BOB_PD);
    const a2 = t.append(ALICE, { ...ALICE_PD, ip: '203.0.113.78' });
    const before = t.leaves();
    const root = treeRoot((i) => before[i] as Buffer, before.length);

    expect(eraseSubject(t.db, ALICE)).toEqual({ rows: 2, wal: true });

    expect(openPersonal(t.db, KEK, a.seq)).toBe('redacted');
    expect(openPersonal(t.db, KEK, a2.seq, { commitment: a2.commitment })).toBe('redacted');
    expect(openPersonal(t.db, KEK, b.seq, { commitment: b.commitment })).toEqual(BOB_PD);
    const after = t.leaves();
    expect(after).toEqual(before);
    const proof = inclusionProof((i) => after[i] as Buffer, a.seq, after.length);
    expect(() => verifyInclusion(a.seq, after.length, after[a.seq] as Buffer, proof, root)).not.toThrow();
    // Idempotent, and the tombstone keeps its first erasure time.
    const erasedAt = t.db
      .prepare('SELECT erased_at FROM subject_keys WHERE subject_pseudonym = ?')
      .get(ALICE);
    expect(eraseSubject(t.db, ALICE, { now: 1 })).toEqual({ rows: 0, wal: true });
    expect(t.db.prepare('SELECT erased_at FROM subject_keys WHERE subject_pseudonym = ?').get(ALICE)).toEqual(
      erasedAt,
    );
  });

  it('leaves no wrapped key, ciphertext, key, salt, IP or name in the .db or -wal bytes', () => {
    const a = t.append(ALICE, ALICE_PD);
    t.append(BOB, BOB_PD);
    const { key, salt } = t.secrets(ALICE);
    const wrapped = t.wrapped(ALICE) as Buffer;
    const { ciphertext } = t.db
      .prepare('SELECT ciphertext FROM personal_details WHERE entry_seq = ?')
      .get(a.seq) as {
      ciphertext: Buffer;
    };
    const before = t.rawFiles();
    for (const s of [wrapped, ciphertext]) expect(before.includes(s)).toBe(true); // the scan sees them

    eraseSubject(t.db, ALICE);

    expect(t.db.pragma('secure_delete', { simple: true })).toBe(1);
    const after = t.rawFiles();
    expect(existsSync(`${t.path}-wal`) ? readFileSync(`${t.path}-wal`).length : 0).toBe(0);
    for (const s of [wrapped, ciphertext, key, salt]) expect(after.includes(s)).toBe(false);
    for (const s of [ALICE_PD.ip, ALICE_PD.display_name, ALICE_PD.user_agent])
      expect(after.includes(Buffer.from(s))).toBe(false);
    expect(after.includes(t.wrapped(BOB) as Buffer)).toBe(true); // Bob is untouched
    // Unrecoverable even with the KEK: nothing is left to unwrap.
    expect(t.wrapped(ALICE)).toBeNull();
    expect(openPersonal(t.db, KEK, a.seq, { commitment: a.commitment })).toBe('redacted');
  });

  it('reports ERASURE_INCOMPLETE while a reader pins old WAL frames, and completes on retry', () => {
    const a = t.append(ALICE, ALICE_PD);
    const reader = new Database(t.path, { timeout: 50 });
    try {
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM personal_details').get();
      expect(code(() => eraseSubject(t.db, ALICE))).toBe('ERASURE_INCOMPLETE');
      expect(openPersonal(t.db, KEK, a.seq)).toBe('redacted');
      reader.prepare('COMMIT').run();
    } finally {
      reader.close();
    }
    expect(eraseSubject(t.db, ALICE).wal).toBe(true);
  });

  it('gives a returning subject a fresh key; earlier rows stay redacted', () => {
    const a = t.append(ALICE, ALICE_PD);
    const old = t.secrets(ALICE).key;
    eraseSubject(t.db, ALICE);
    const a2 = t.append(ALICE, { ip: '192.0.2.1' });
    expect(t.secrets(ALICE).key.equals(old)).toBe(false);
    expect(openPersonal(t.db, KEK, a.seq)).toBe('redacted');
    expect(openPersonal(t.db, KEK, a2.seq, { commitment: a2.commitment })).toEqual({ ip: '192.0.2.1' });
  });

  it('waits for an open append: erasure cannot slip between before() and after()', () => {
    const eraser = new Database(t.path, { timeout: 50 });
    try {
      const sw = personalSideWrite(KEK, ALICE, ALICE_PD);
      t.db.prepare('BEGIN IMMEDIATE').run();
      const { personal } = sw.before(t.db);
      expect(() => eraseSubject(eraser, ALICE)).toThrow(/locked|busy/i);
      t.insertEntry(0, ALICE, personal);
      sw.after(t.db, 0);
      t.db.prepare('COMMIT').run();
      expect(openPersonal(t.db, KEK, 0, { commitment: personal })).toEqual(ALICE_PD);
      expect(eraseSubject(eraser, ALICE).rows).toBe(1);
      expect(openPersonal(t.db, KEK, 0, { commitment: personal })).toBe('redacted');
    } finally {
      eraser.close();
    }
  });

  it('refuses to run inside a transaction or for a non-pseudonym', () => {
    expect(() => t.db.transaction(() => eraseSubject(t.db, ALICE))()).toThrow(TypeError);
    expect(code(() => eraseSubject(t.db, 'user_alice'))).toBe('BAD_PERSONAL');
  });
});
