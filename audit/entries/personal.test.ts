import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { code } from '../test-support/errorCode.js';
import { commitPersonal, verifyCommitment } from './commitment.js';
import { applyPersonalSchema, openPersonal, type PersonalSideWrite, personalSideWrite } from './personal.js';
import { ALICE, ALICE_PD, BOB, BOB_PD, KEK, OTHER_KEK, PersonalDb } from './test-support/personal-db.js';

// The store's SideWrite (audit/store, built in parallel), restated: personalSideWrite must fit it.
interface SideWrite {
  before?(tx: Database.Database): Record<string, unknown>;
  after?(tx: Database.Database, seq: number): void;
}
const fits: (sw: PersonalSideWrite) => SideWrite = (sw) => sw;

let t: PersonalDb;
beforeEach(() => {
  t = new PersonalDb();
});
afterEach(() => t.close());

describe('personalSideWrite and openPersonal', () => {
  it('round-trips personal details and checks them against the entry commitment', () => {
    const a = t.append(ALICE, ALICE_PD);
    const b = t.append(BOB, BOB_PD);
    expect(openPersonal(t.db, KEK, a.seq, { commitment: a.commitment })).toEqual(ALICE_PD);
    expect(openPersonal(t.db, KEK, b.seq, { commitment: b.commitment })).toEqual(BOB_PD);
    expect(openPersonal(t.db, KEK, 99)).toBeNull();
    expect(commitPersonal(t.secrets(ALICE).salt, ALICE_PD)).toBe(a.commitment);
    // One key per subject: a second entry of Alice reuses it.
    const wrapped = t.wrapped(ALICE);
    t.append(ALICE, { ip: '192.0.2.9' });
    expect(t.wrapped(ALICE)?.equals(wrapped as Buffer)).toBe(true);
    expect(fits(personalSideWrite(KEK, ALICE, ALICE_PD)).before).toBeTypeOf('function');
  });

  it('detects a commitment mismatch', () => {
    const a = t.append(ALICE, ALICE_PD);
    const b = t.append(BOB, BOB_PD);
    expect(code(() => openPersonal(t.db, KEK, a.seq, { commitment: b.commitment }))).toBe(
      'COMMITMENT_MISMATCH',
    );
    expect(code(() => openPersonal(t.db, KEK, a.seq, { commitment: 'nonsense' }))).toBe(
      'COMMITMENT_MISMATCH',
    );
    const forged = { ...ALICE_PD, ip: '203.0.113.78' };
    expect(code(() => verifyCommitment(a.commitment, t.secrets(ALICE).salt, forged))).toBe(
      'COMMITMENT_MISMATCH',
    );
  });

  it.each(['ciphertext', 'iv', 'tag'])('detects a tampered %s', (column) => {
    const a = t.append(ALICE, ALICE_PD);
    const row = t.db
      .prepare(`SELECT ${column} AS v FROM personal_details WHERE entry_seq = ?`)
      .get(a.seq) as {
      v: Buffer;
    };
    const flipped = Buffer.from(row.v);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    t.db.prepare(`UPDATE personal_details SET ${column} = ? WHERE entry_seq = ?`).run(flipped, a.seq);
    expect(code(() => openPersonal(t.db, KEK, a.seq))).toBe('PERSONAL_TAMPERED');
  });

  it('detects a row moved to another entry (the AAD binds the seq)', () => {
    t.append(ALICE, ALICE_PD);
    const a2 = t.append(ALICE, { ...ALICE_PD, ip: '203.0.113.99' });
    t.db.prepare('DELETE FROM personal_details WHERE entry_seq = ?').run(a2.seq);
    t.db.prepare('UPDATE personal_details SET entry_seq = ? WHERE entry_seq = 0').run(a2.seq);
    expect(code(() => openPersonal(t.db, KEK, a2.seq))).toBe('PERSONAL_TAMPERED');
  });

  it('reports a deleted row as tampering when the entry commits to details', () => {
    const a = t.append(ALICE, ALICE_PD);
    t.db.prepare('DELETE FROM personal_details WHERE entry_seq = ?').run(a.seq);
    expect(code(() => openPersonal(t.db, KEK, a.seq, { commitment: a.commitment }))).toBe(
      'PERSONAL_TAMPERED',
    );
    expect(openPersonal(t.db, KEK, a.seq)).toBeNull();
  });

  it('refuses bad input when built, before any transaction', () => {
    expect(code(() => personalSideWrite(KEK, 'user_alice', ALICE_PD))).toBe('BAD_PERSONAL');
    expect(code(() => personalSideWrite(KEK, ALICE, {}))).toBe('BAD_PERSONAL');
    expect(code(() => personalSideWrite(KEK, ALICE, { email: 'a@b.c' } as never))).toBe('BAD_PERSONAL');
    expect(code(() => personalSideWrite(KEK, ALICE, { ip: 'x'.repeat(513) }))).toBe('BAD_PERSONAL');
    expect(code(() => personalSideWrite(KEK, ALICE, { display_name: '\ud800' }))).toBe('BAD_PERSONAL');
    expect(code(() => personalSideWrite(Buffer.alloc(16), ALICE, ALICE_PD))).toBe('BAD_KEK');
    expect(code(() => openPersonal(t.db, Buffer.alloc(31), 0))).toBe('BAD_KEK');
  });

  it('keeps its own copy of the KEK and details', () => {
    const kek = Buffer.from(KEK);
    const details = { ip: '192.0.2.1' };
    const sw = personalSideWrite(kek, ALICE, details);
    kek.fill(0);
    details.ip = '192.0.2.2';
    const seq = t.db.transaction(() => {
      const { personal } = sw.before(t.db);
      t.insertEntry(0, ALICE, personal);
      sw.after(t.db, 0);
      return 0;
    })();
    expect(openPersonal(t.db, KEK, seq)).toEqual({ ip: '192.0.2.1' });
  });

  it('refuses to run outside a transaction, out of order, or with a bad or taken seq', () => {
    const sw = personalSideWrite(KEK, ALICE, ALICE_PD);
    expect(() => sw.before(t.db)).toThrow(TypeError);
    expect(() => sw.after(t.db, 0)).toThrow(TypeError);
    t.db.transaction(() => {
      expect(code(() => sw.after(t.db, 0))).toBe('BAD_PERSONAL'); // no before()
      sw.before(t.db);
      expect(() => sw.after(t.db, 1.5)).toThrow(TypeError);
      expect(() => sw.after(t.db, -1)).toThrow(TypeError);
      sw.after(t.db, 5);
      expect(code(() => sw.after(t.db, 6))).toBe('BAD_PERSONAL'); // one after() per before()
      sw.before(t.db); // a retried transaction may run it again
      expect(code(() => sw.after(t.db, 5))).toBe('BAD_PERSONAL'); // seq 5 is taken
    })();
  });
});

describe('the KEK', () => {
  it('refuses a wrong KEK with KEK_MISMATCH, for reading and for appending', () => {
    const a = t.append(ALICE, ALICE_PD);
    expect(code(() => openPersonal(t.db, OTHER_KEK, a.seq))).toBe('KEK_MISMATCH');
    expect(code(() => openPersonal(t.db, OTHER_KEK, 99))).toBe('KEK_MISMATCH');
    expect(code(() => t.append(BOB, BOB_PD, OTHER_KEK))).toBe('KEK_MISMATCH');
    expect(code(() => t.append(ALICE, ALICE_PD, OTHER_KEK))).toBe('KEK_MISMATCH');
    expect([t.size(), t.count('subject_keys'), t.count('personal_details')]).toEqual([1, 1, 1]);
  });

  it('fails a wrapped key row copied to another subject (the AAD binds the pseudonym)', () => {
    t.append(ALICE, ALICE_PD);
    const b = t.append(BOB, BOB_PD);
    t.db
      .prepare('UPDATE subject_keys SET wrapped = ? WHERE subject_pseudonym = ?')
      .run(t.wrapped(ALICE), BOB);
    expect(code(() => openPersonal(t.db, KEK, b.seq))).toBe('PERSONAL_TAMPERED');
    // Appending for Bob refuses too, rather than sealing under Alice's key or re-keying silently.
    expect(code(() => t.append(BOB, BOB_PD))).toBe('PERSONAL_TAMPERED');
    expect(t.size()).toBe(2);
  });

  it('never adopts another KEK after the check value was deleted, and never decrypts garbage', () => {
    const a = t.append(ALICE, ALICE_PD);
    t.db.exec('DELETE FROM personal_kek');
    expect(code(() => t.append(BOB, BOB_PD, OTHER_KEK))).toBe('PERSONAL_TAMPERED');
    expect(code(() => openPersonal(t.db, OTHER_KEK, a.seq))).toBe('PERSONAL_TAMPERED');
    expect(t.count('personal_kek')).toBe(0);
    expect(openPersonal(t.db, KEK, a.seq, { commitment: a.commitment })).toEqual(ALICE_PD);
  });

  it('binds the database to the first KEK used, in the same transaction as the first key', () => {
    expect(code(() => t.append(ALICE, { ip: 'x'.repeat(513) }))).toBe('BAD_PERSONAL');
    expect(t.count('personal_kek')).toBe(0);
    t.append(ALICE, ALICE_PD, OTHER_KEK);
    expect(code(() => t.append(BOB, BOB_PD, KEK))).toBe('KEK_MISMATCH');
  });

  it('keeps the IP, the name, the key and the salt out of the .db and -wal bytes', () => {
    const a = t.append(ALICE, ALICE_PD);
    t.append(BOB, BOB_PD);
    const { key, salt } = t.secrets(ALICE);
    const wrapped = t.wrapped(ALICE) as Buffer;
    const stored = t.db.prepare('SELECT ciphertext FROM personal_details WHERE entry_seq = ?').get(a.seq) as {
      ciphertext: Buffer;
    };
    const secret = [
      key,
      salt,
      KEK,
      ...[ALICE_PD.ip, ALICE_PD.display_name, BOB_PD.ip].map((s) => Buffer.from(s)),
    ];
    const scan = (): void => {
      const raw = t.rawFiles();
      // The scan sees what is there: the wrapped key, the ciphertext and the commitment are.
      for (const present of [wrapped, stored.ciphertext, Buffer.from(a.commitment)])
        expect(raw.includes(present)).toBe(true);
      for (const s of secret) expect(raw.includes(s)).toBe(false);
    };
    scan(); // the rows are in the -wal only
    const [cp] = t.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; checkpointed: number }[];
    expect(cp?.busy).toBe(0);
    expect(cp?.checkpointed).toBeGreaterThan(0);
    scan(); // now in the main file too, and the -wal still holds its frames
  });
});

describe('atomicity with the entry', () => {
  it('writes neither the entry nor the key nor the details when after() throws', () => {
    t.db.exec(`CREATE TRIGGER no_details BEFORE INSERT ON personal_details
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    expect(code(() => t.append(ALICE, ALICE_PD))).toBe('BAD_PERSONAL');
    expect([t.size(), t.count('subject_keys'), t.count('personal_details'), t.count('personal_kek')]).toEqual(
      [0, 0, 0, 0],
    );
  });

  it('writes no key when the entry insert fails after before()', () => {
    const sw = personalSideWrite(KEK, ALICE, ALICE_PD);
    expect(() =>
      t.db.transaction(() => {
        sw.before(t.db);
        t.db.prepare('INSERT INTO test_entries (seq, body) VALUES (?, NULL)').run(0); // NOT NULL fails
        sw.after(t.db, 0);
      })(),
    ).toThrow(/NOT NULL/);
    expect([t.size(), t.count('subject_keys'), t.count('personal_kek')]).toEqual([0, 0, 0]);
  });

  it('rolls back one entry in its SAVEPOINT and commits the others of the batch', () => {
    t.db.exec(`CREATE TABLE fail_once (x INTEGER); INSERT INTO fail_once VALUES (1);
      CREATE TRIGGER fail_first BEFORE INSERT ON personal_details WHEN (SELECT count(*) FROM fail_once) > 0
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const outcomes = t.db.transaction(() =>
      [ALICE, ALICE, BOB].map((subject, i) => {
        try {
          return t.append(subject, i === 2 ? BOB_PD : { ip: `192.0.2.${i}` }); // nested = SAVEPOINT
        } catch (err) {
          t.db.exec('DELETE FROM fail_once');
          return (err as { code?: string }).code;
        }
      }),
    )();
    expect(outcomes[0]).toBe('BAD_PERSONAL');
    const [, a, b] = outcomes as [
      unknown,
      { seq: number; commitment: string },
      { seq: number; commitment: string },
    ];
    expect([a.seq, b.seq]).toEqual([0, 1]);
    // Alice's key from the rolled-back savepoint is gone; the second entry made and kept its own.
    expect(openPersonal(t.db, KEK, a.seq, { commitment: a.commitment })).toEqual({ ip: '192.0.2.1' });
    expect(openPersonal(t.db, KEK, b.seq, { commitment: b.commitment })).toEqual(BOB_PD);
    expect([t.size(), t.count('subject_keys'), t.count('personal_details')]).toEqual([2, 2, 2]);
  });
});

describe('applyPersonalSchema', () => {
  it('is idempotent and takes no write lock once the tables exist', () => {
    t.append(ALICE, ALICE_PD);
    applyPersonalSchema(t.db);
    const other = new Database(t.path, { timeout: 50 });
    try {
      t.db.prepare('BEGIN IMMEDIATE').run(); // another writer holds the lock
      expect(() => applyPersonalSchema(other)).not.toThrow();
      expect(other.pragma('secure_delete', { simple: true })).toBe(1);
      t.db.prepare('ROLLBACK').run();
    } finally {
      other.close();
    }
    expect(t.count('subject_keys')).toBe(1);
  });

  it('works inside a caller transaction and refuses a foreign or clear-key layout', () => {
    const db = new Database(':memory:');
    try {
      db.transaction(() => applyPersonalSchema(db))();
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get()).toEqual({
        n: 3,
      });
      db.exec('DROP TABLE subject_keys');
      db.exec(
        'CREATE TABLE subject_keys (subject_pseudonym TEXT PRIMARY KEY, key BLOB, salt BLOB, erased_at INTEGER)',
      );
      expect(code(() => applyPersonalSchema(db))).toBe('PERSONAL_SCHEMA');
    } finally {
      db.close();
    }
  });

  it('reports missing tables as PERSONAL_SCHEMA', () => {
    const db = new Database(':memory:');
    try {
      const sw = personalSideWrite(KEK, ALICE, ALICE_PD);
      expect(code(() => db.transaction(() => sw.before(db))())).toBe('PERSONAL_SCHEMA');
      expect(code(() => openPersonal(db, KEK, 0))).toBe('PERSONAL_SCHEMA');
    } finally {
      db.close();
    }
  });
});
