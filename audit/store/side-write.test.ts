import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditStoreError } from './errors.js';
import type { SideWrite } from './side-write.js';
import { openAuditStore } from './store.js';
import { attacker, rejectionCode, tempDir } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const COMMITMENT = 'ab'.repeat(32);

/** A store whose file has a side table `sealed(seq, data)` and a `staged(note)` table. */
function storeWithSideTable(name: string) {
  const file = tmp.path(name);
  const store = openAuditStore(file);
  const raw = new Database(file);
  raw.exec(
    'CREATE TABLE sealed (seq INTEGER PRIMARY KEY, data TEXT NOT NULL); CREATE TABLE staged (note TEXT)',
  );
  const sealed = () => raw.prepare('SELECT seq, data FROM sealed ORDER BY seq').all();
  const staged = () => raw.prepare('SELECT note FROM staged').pluck().all();
  return { file, store, raw, sealed, staged };
}

/** A side write that stages a note in `before`, adds `personal`, and seals `data` in `after`. */
function sealing(data: string, fail?: 'before' | 'after'): SideWrite {
  return {
    before(tx) {
      tx.prepare('INSERT INTO staged (note) VALUES (?)').run(data);
      if (fail === 'before') throw new Error('before failed');
      return { personal: COMMITMENT };
    },
    after(tx, seq) {
      tx.prepare('INSERT INTO sealed (seq, data) VALUES (?, ?)').run(seq, data);
      if (fail === 'after') throw new Error('after failed');
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<AuditStoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AuditStoreError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('audit store: side writes in the append transaction', () => {
  it('seals the fields before() returns and commits the side rows with the entry', async () => {
    const { store, raw, sealed, staged } = storeWithSideTable('a.db');
    const { seq } = await store.append({ action: 'x' }, sealing('details'));
    expect(JSON.parse(store.get(seq)?.body.toString() ?? '{}')).toMatchObject({
      action: 'x',
      personal: COMMITMENT,
    });
    expect(sealed()).toEqual([{ seq, data: 'details' }]);
    expect(staged()).toEqual(['details']);
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 1 });
    raw.close();
    store.close();
  });

  it('fails only the entry whose after() throws: no row, no seq, its before() undone', async () => {
    const { store, raw, sealed, staged } = storeWithSideTable('b.db');
    const results = [
      store.append({ n: 0 }, sealing('zero')),
      store.append({ n: 1 }, sealing('one', 'after')),
      store.append({ n: 2 }),
      store.append({ n: 3 }, sealing('three', 'before')),
      store.append({ n: 4 }, sealing('four')),
    ];
    const failed = await rejection(results[1] as Promise<unknown>);
    expect(failed.code).toBe('SIDE_WRITE_FAILED');
    expect((failed.cause as Error).message).toBe('after failed');
    expect((await rejection(results[3] as Promise<unknown>)).code).toBe('SIDE_WRITE_FAILED');
    const ok = await Promise.all([results[0], results[2], results[4]]);
    expect(ok.map((r) => r?.seq)).toEqual([0, 1, 2]);
    expect([...store.range(0, 10)].map((e) => JSON.parse(e.body.toString()).n)).toEqual([0, 2, 4]);
    expect(sealed()).toEqual([
      { seq: 0, data: 'zero' },
      { seq: 2, data: 'four' },
    ]);
    expect(staged()).toEqual(['zero', 'four']);
    expect(store.stats()).toEqual({ commits: 1, entries: 3 });
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 3 });
    raw.close();
    store.close();
  });

  it('refuses fields that set store fields or v, overwrite the draft, or are not a plain object', async () => {
    const { store, raw, staged } = storeWithSideTable('c.db');
    const returning = (fields: unknown): SideWrite => ({
      before(tx) {
        tx.prepare('INSERT INTO staged (note) VALUES (?)').run('leaked');
        return fields as Record<string, unknown>;
      },
    });
    const bad = [
      { seq: 7 },
      { ts: '2026-01-01T00:00:00.000Z' },
      { prev: '0'.repeat(64) },
      { v: 2 },
      { action: 'overwritten' },
      Promise.resolve({ personal: COMMITMENT }),
      [COMMITMENT],
      'personal',
      new Map(),
    ];
    const errors = await Promise.all(bad.map((f) => rejection(store.append({ action: 'x' }, returning(f)))));
    for (const e of errors) {
      expect(e.code).toBe('SIDE_WRITE_FAILED');
      expect(e.cause).toBeInstanceOf(TypeError);
    }
    // Uncanonicalisable fields fail like a bad draft, and undo the hook's writes too.
    expect(await rejectionCode(store.append({ action: 'x' }, returning({ personal: 1.5 })))).toBe(
      'NOT_CANONICAL',
    );
    const asyncAfter: SideWrite = {
      async after(tx) {
        tx.prepare('INSERT INTO staged (note) VALUES (?)').run('async');
      },
    };
    expect(await rejectionCode(store.append({ action: 'x' }, asyncAfter))).toBe('SIDE_WRITE_FAILED');
    expect(staged()).toEqual([]);
    expect(store.size()).toBe(0);
    expect(() => store.append({ a: 1 }, { after: 'nope' } as unknown as SideWrite)).toThrow(TypeError);
    expect(() => store.append({ a: 1 }, null as unknown as SideWrite)).toThrow(TypeError);
    raw.close();
    store.close();
  });

  it('rolls the side rows back with the batch when an entry insert fails', async () => {
    const { file, store, raw, sealed, staged } = storeWithSideTable('d.db');
    const evil = attacker(file);
    evil.exec(`CREATE TRIGGER fail2 BEFORE INSERT ON entries WHEN NEW.seq = 2
               BEGIN SELECT RAISE(ABORT, 'disk full, say'); END`);
    const codes = await Promise.all(
      ['a', 'b', 'c'].map((d) => rejectionCode(store.append({ d }, sealing(d)))),
    );
    expect(codes).toEqual(['WRITE_FAILED', 'WRITE_FAILED', 'WRITE_FAILED']);
    expect(sealed()).toEqual([]);
    expect(staged()).toEqual([]);
    evil.exec('DROP TRIGGER fail2');
    evil.close();
    expect((await store.append({ d: 'again' }, sealing('again'))).seq).toBe(0);
    expect(sealed()).toEqual([{ seq: 0, data: 'again' }]);
    raw.close();
    store.close();
  });

  it('fails the batch, closed, when a hook ends the transaction itself', async () => {
    const { store, raw } = storeWithSideTable('e.db');
    const committing: SideWrite = { after: (tx) => void tx.exec('COMMIT') };
    expect(await rejectionCode(store.append({ a: 1 }, committing))).toBe('WRITE_FAILED');
    // What the hook committed is not what the store wrote: the next append and the check say so.
    expect(await rejectionCode(store.append({ a: 2 }))).toBe('WRITE_FAILED');
    expect(store.verifyIntegrity()).toMatchObject({ ok: false, reason: 'FRONTIER_MISMATCH' });
    raw.close();
    store.close();
  });
});
