import { copyFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../jcs.js';
import { hashLeaf } from '../merkle.js';
import { openAuditStore } from './store.js';
import {
  attacker,
  ORIGIN,
  refreshFrontier,
  rewriteFrom,
  signer,
  tempDir,
  verifier,
} from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A closed store of `n` entries with checkpoints at the given sizes; returns the file. */
async function logFile(n: number, checkpointsAt: number[] = []): Promise<{ file: string; notes: string[] }> {
  const file = tmp.path('log.db');
  const store = openAuditStore(file);
  const notes: string[] = [];
  for (let i = 0; i < n; i++) {
    await store.append({ action: 'test', i });
    if (checkpointsAt.includes(i + 1)) notes.push(store.checkpoint(signer));
  }
  store.close();
  return { file, notes };
}

function tamper(file: string, fn: (db: Database.Database) => void) {
  const raw = attacker(file);
  raw.transaction(() => fn(raw))();
  raw.close();
}

function verify(file: string, external: string[] = []) {
  const store = openAuditStore(file);
  try {
    return store.verifyIntegrity({ verifier, origin: ORIGIN, external });
  } finally {
    store.close();
  }
}

describe('audit store: verifyIntegrity', () => {
  it('accepts an untouched log and reports its size and root', async () => {
    const { file } = await logFile(10, [4, 10]);
    const store = openAuditStore(file);
    expect(store.verifyIntegrity({ verifier, origin: ORIGIN })).toEqual({
      ok: true,
      size: 10,
      root: store.root(),
    });
    store.close();
  });

  it('finds a flipped byte in a body', async () => {
    const { file } = await logFile(10);
    tamper(file, (db) => {
      const body = db.prepare('SELECT body FROM entries WHERE seq = 6').pluck().get() as Buffer;
      const at = body.indexOf('test');
      body.writeUInt8((body.readUInt8(at) ^ 0x01) & 0xff, at);
      db.prepare('UPDATE entries SET body = ? WHERE seq = 6').run(body);
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 6, reason: 'LEAF_MISMATCH' });
  });

  it('finds a deleted entry, renumbered or not', async () => {
    const { file } = await logFile(10);
    tamper(file, (db) => db.prepare('DELETE FROM entries WHERE seq = 4').run());
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'MISSING_ENTRY' });
    tamper(file, (db) => {
      // Two steps through a spare range, because seq is a primary key checked row by row.
      db.prepare('UPDATE entries SET seq = seq + 1000000 WHERE seq > 4').run();
      db.prepare('UPDATE entries SET seq = seq - 1000001 WHERE seq >= 1000000').run();
      refreshFrontier(db);
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'SEQ_MISMATCH' });
  });

  it('finds an inserted entry: a forged one at its successor, one past the frontier at its seq', async () => {
    const { file } = await logFile(10);
    tamper(file, (db) => {
      db.prepare('UPDATE entries SET seq = seq + 1000000 WHERE seq >= 3').run();
      db.prepare('UPDATE entries SET seq = seq - 999999 WHERE seq >= 1000000').run();
      const prev = (
        db.prepare('SELECT leaf_hash FROM entries WHERE seq = 2').pluck().get() as Buffer
      ).toString('hex');
      const body = canonicalBytes({ action: 'forged', prev, seq: 3, ts: '2026-01-01T00:00:00.000Z', v: 1 });
      db.prepare('INSERT INTO entries VALUES (3, ?, ?, ?)').run(hashLeaf(body), body, 'x');
      refreshFrontier(db);
    });
    // The forged entry is consistent on its own; the entry it displaced is not.
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'SEQ_MISMATCH' });

    const { file: tail } = await logFile(5);
    tamper(tail, (db) => {
      const prev = (
        db.prepare('SELECT leaf_hash FROM entries WHERE seq = 4').pluck().get() as Buffer
      ).toString('hex');
      const body = canonicalBytes({ action: 'forged', prev, seq: 5, ts: '2026-01-01T00:00:00.000Z', v: 1 });
      db.prepare('INSERT INTO entries VALUES (5, ?, ?, ?)').run(hashLeaf(body), body, 'x');
    });
    expect(verify(tail)).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'FRONTIER_MISMATCH' });
  });

  it('finds two swapped entries', async () => {
    const { file } = await logFile(10);
    tamper(file, (db) => {
      db.prepare('UPDATE entries SET seq = 1000000 WHERE seq = 2').run();
      db.prepare('UPDATE entries SET seq = 2 WHERE seq = 7').run();
      db.prepare('UPDATE entries SET seq = 7 WHERE seq = 1000000').run();
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'SEQ_MISMATCH' });
  });

  it('finds a consistently rewritten history through the checkpoints, at the last one that held', async () => {
    const { file } = await logFile(12, [4, 8, 12]);
    tamper(file, (db) => {
      rewriteFrom(db, 6, (e) => {
        e.action = 'innocent';
      });
      refreshFrontier(db);
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'CHECKPOINT_MISMATCH' });
  });

  it('finds a truncated tail through the stored checkpoint, even with the frontier fixed up', async () => {
    const { file } = await logFile(10, [10]);
    tamper(file, (db) => {
      db.prepare('DELETE FROM entries WHERE seq >= 7').run();
      refreshFrontier(db);
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'TRUNCATED' });
  });

  it('finds a forged stored checkpoint note', async () => {
    const { file } = await logFile(4, [4]);
    tamper(file, (db) => db.prepare(`UPDATE checkpoints SET note = replace(note, '\n4\n', '\n3\n')`).run());
    expect(verify(file)).toMatchObject({ ok: false, reason: 'BAD_CHECKPOINT' });
  });

  it('finds a rollback to an older copy of the file through a checkpoint kept outside', async () => {
    const file = tmp.path('rollback.db');
    const old = tmp.path('old-copy.db');
    const shipped: string[] = [];
    const first = openAuditStore(file, { onCheckpoint: (cp) => shipped.push(cp.note) });
    for (let i = 0; i < 5; i++) await first.append({ i });
    first.checkpoint(signer);
    first.close(); // the last connection's close checkpoints the WAL into the main file
    copyFileSync(file, old);
    const second = openAuditStore(file, { onCheckpoint: (cp) => shipped.push(cp.note) });
    for (let i = 5; i < 9; i++) await second.append({ i });
    second.checkpoint(signer);
    second.close();
    copyFileSync(old, file);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    // On its own the old copy is a perfectly good log; only the shipped checkpoint tells.
    expect(verify(file)).toMatchObject({ ok: true, size: 5 });
    expect(verify(file, shipped)).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'ROLLED_BACK' });
  });

  it('checks the exact bytes: invalid UTF-8, a BOM, white space and non-objects are caught', async () => {
    const { file } = await logFile(4);
    /** Replaces entry 2 with `body` (hashed as given, or under `leaf`), keeping its seq and prev. */
    const forge = (make: (canonical: Buffer) => Buffer, leaf?: (body: Buffer) => Buffer) => {
      const copy = tmp.path('forged.db');
      copyFileSync(file, copy);
      tamper(copy, (db) => {
        const body = db.prepare('SELECT body FROM entries WHERE seq = 2').pluck().get() as Buffer;
        const forged = make(Buffer.from(body.toString().replace('"test"', '"tXst"')));
        db.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE seq = 2').run(
          forged,
          leaf ? leaf(forged) : hashLeaf(forged),
        );
      });
      return verify(copy);
    };
    const invalidUtf8 = (b: Buffer) => {
      const out = Buffer.from(b);
      out[out.indexOf('tXst') + 1] = 0xff;
      return out;
    };
    expect(forge(invalidUtf8)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'NOT_CANONICAL' });
    // The leaf hash of the text a lossy UTF-8 decoder would see (U+FFFD) is still the wrong one.
    const ofDecoded = (b: Buffer) => hashLeaf(Buffer.from(b.toString('utf8')));
    expect(forge(invalidUtf8, ofDecoded)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      reason: 'LEAF_MISMATCH',
    });
    // F0 9F 98 then ASCII: decodes to one U+FFFD of the same byte length.
    const sameLength = (b: Buffer) => {
      const out = Buffer.from(b);
      const at = out.indexOf('tXst');
      out.set([0xf0, 0x9f, 0x98], at);
      return out;
    };
    expect(forge(sameLength, ofDecoded)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      reason: 'LEAF_MISMATCH',
    });
    expect(forge((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]))).toMatchObject({
      reason: 'NOT_CANONICAL',
    });
    expect(forge((b) => Buffer.from(b.toString().replace('{', '{ ')))).toMatchObject({
      reason: 'NOT_CANONICAL',
    });
    expect(forge((b) => Buffer.from(b.toString().replace('"seq":2', '"seq":"2"')))).toMatchObject({
      reason: 'SEQ_MISMATCH',
    });
    expect(forge(() => Buffer.from('null'))).toMatchObject({ firstBadSeq: 2, reason: 'SEQ_MISMATCH' });
    expect(forge((b) => Buffer.from(b.toString().replace('"prev":"', '"prev":"0')))).toMatchObject({
      reason: 'CHAIN_BROKEN',
    });
  });

  it('accepts entries the fast path hands to the exact check (U+FFFD, deep nesting, escapes)', async () => {
    const file = tmp.path('unusual.db');
    const store = openAuditStore(file);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    for (const draft of [
      { s: '\uFFFD replacement character', t: '\uFFFD' },
      { deep },
      { s: 'é 😀 \u0000 \u001f " \\ \u2028', '\u0000key': 1, é: 2 },
    ]) {
      await store.append(draft);
    }
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 3 });
    store.close();
  });

  it('verifies a file created with UTF-16 text encoding on the exact bytes', async () => {
    const file = tmp.path('utf16.db');
    const pre = new Database(file);
    pre.pragma("encoding = 'UTF-16le'");
    pre.exec('CREATE TABLE t (x)');
    pre.close();
    const store = openAuditStore(file);
    for (let i = 0; i < 3; i++) await store.append({ action: 'test', i });
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 3 });
    store.close();
    // A body whose bytes, read as UTF-16 text, are a canonical entry of the same UTF-8 length
    // (as many CJK characters as ASCII ones), under the leaf hash of that entry's UTF-8: read as
    // text it would pass; its bytes do not hash to the leaf.
    tamper(file, (db) => {
      const prev = (
        db.prepare('SELECT leaf_hash FROM entries WHERE seq = 1').pluck().get() as Buffer
      ).toString('hex');
      const entry = { action: 'test', i: 2, prev, seq: 2, ts: '2026-01-01T00:00:00.000Z', v: 1 };
      let text = '';
      for (let cjk = 0; cjk < 1000; cjk++) {
        text = canonicalize({ ...entry, pad: '中'.repeat(cjk) });
        if (text.length === 2 * cjk) break;
      }
      expect(Buffer.byteLength(text)).toBe(2 * text.length);
      db.prepare('UPDATE entries SET body = ?, leaf_hash = ? WHERE seq = 2').run(
        Buffer.from(text, 'utf16le'),
        hashLeaf(Buffer.from(text)),
      );
      refreshFrontier(db);
    });
    expect(verify(file)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'LEAF_MISMATCH' });
  });
});
