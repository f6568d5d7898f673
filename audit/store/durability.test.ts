import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore } from './store.js';
import { attacker, refreshFrontier, rejectionCode, signer, tempDir } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('audit store: append-only and fail closed', () => {
  it('has triggers that abort UPDATE and DELETE on entries and checkpoints', async () => {
    const file = tmp.path('a.db');
    const store = openAuditStore(file);
    await store.append({ a: 1 });
    store.checkpoint(signer);
    const raw = new Database(file);
    expect(() => raw.prepare(`UPDATE entries SET ts = 'x'`).run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM entries').run()).toThrow(/append-only/);
    expect(() => raw.prepare(`UPDATE checkpoints SET note = 'x'`).run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM checkpoints').run()).toThrow(/append-only/);
    raw.close();
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 1 });
    store.close();
  });

  it('rejects appends after close', async () => {
    const store = openAuditStore(tmp.path('b.db'));
    store.close();
    expect(await rejectionCode(store.append({ a: 1 }))).toBe('STORE_CLOSED');
    expect(() => store.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
  });

  it('rejects a batch when the database is locked, writes nothing, and recovers', async () => {
    const file = tmp.path('c.db');
    const store = openAuditStore(file, { busyTimeoutMs: 20 });
    await store.append({ before: true });
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const codes = await Promise.all([store.append({ x: 1 }), store.append({ x: 2 })].map(rejectionCode));
    expect(codes).toEqual(['WRITE_FAILED', 'WRITE_FAILED']);
    other.exec('ROLLBACK');
    other.close();
    expect(store.size()).toBe(1);
    expect((await store.append({ after: true })).seq).toBe(1);
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 2 });
    store.close();
  });

  it('rolls back the whole batch when one insert fails mid-transaction', async () => {
    const file = tmp.path('d.db');
    const store = openAuditStore(file);
    const raw = attacker(file);
    raw.exec(`CREATE TRIGGER fail5 BEFORE INSERT ON entries WHEN NEW.seq = 5
              BEGIN SELECT RAISE(ABORT, 'disk full, say'); END`);
    const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => rejectionCode(store.append({ i }))));
    expect(new Set(codes)).toEqual(new Set(['WRITE_FAILED']));
    expect(raw.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT size FROM frontier').pluck().get()).toBe(0);
    raw.exec('DROP TRIGGER fail5');
    raw.close();
    expect((await store.append({ again: true })).seq).toBe(0);
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 1 });
    store.close();
  });

  it('refuses to append, for good, when the log shrank under it (a rollback)', async () => {
    const file = tmp.path('e.db');
    const store = openAuditStore(file);
    for (let i = 0; i < 5; i++) await store.append({ i });
    const raw = attacker(file);
    raw.prepare('DELETE FROM entries WHERE seq >= 3').run();
    refreshFrontier(raw);
    raw.close();
    expect(await rejectionCode(store.append({ i: 5 }))).toBe('STATE_MISMATCH');
    expect(await rejectionCode(store.append({ i: 5 }))).toBe('STATE_MISMATCH');
    expect(() => store.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }));
    store.close();
  });

  it('refuses to catch up with entries that do not match the stored frontier', async () => {
    const file = tmp.path('e2.db');
    const one = openAuditStore(file);
    const two = openAuditStore(file);
    await one.append({ by: 'one' });
    await one.append({ by: 'one' });
    const raw = attacker(file);
    raw.prepare('UPDATE entries SET leaf_hash = ? WHERE seq = 1').run(Buffer.alloc(32, 7));
    raw.close();
    expect(await rejectionCode(two.append({ by: 'two' }))).toBe('STATE_MISMATCH');
    expect(two.size()).toBe(0);
    one.close();
    two.close();
  });

  it('refuses appends when opened on a file whose frontier disagrees with its entries', async () => {
    const file = tmp.path('f.db');
    const store = openAuditStore(file);
    for (let i = 0; i < 3; i++) await store.append({ i });
    store.close();
    const raw = attacker(file);
    raw.prepare('DELETE FROM entries WHERE seq = 2').run();
    raw.close();
    const again = openAuditStore(file);
    expect(await rejectionCode(again.append({ i: 3 }))).toBe('STATE_MISMATCH');
    expect(again.verifyIntegrity()).toMatchObject({ ok: false, reason: 'TRUNCATED', firstBadSeq: 2 });
    again.close();
  });

  it('opens a file with a garbled frontier only to report it', async () => {
    const file = tmp.path('g.db');
    const store = openAuditStore(file);
    await store.append({ a: 1 });
    store.close();
    const raw = attacker(file);
    raw.prepare(`UPDATE frontier SET json = '{"size":1,"nodes":["zz"]}'`).run();
    raw.close();
    const again = openAuditStore(file);
    expect(await rejectionCode(again.append({ a: 2 }))).toBe('STATE_MISMATCH');
    expect(again.verifyIntegrity()).toMatchObject({ ok: false, reason: 'FRONTIER_MISMATCH', firstBadSeq: 0 });
    again.close();
    expect(() => openAuditStore(file, { busyTimeoutMs: -1 })).toThrow(TypeError);
  });
});
