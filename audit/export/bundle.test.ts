import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditStore, openAuditStore } from '../store/index.js';
import { buildVerifier } from './build-verifier.js';
import { exportBundle } from './bundle.js';
import { exportAndVerify, invalidItems, key, signer, tempDir } from './test-support/bundle-fixture.js';
import { verifyBundle } from './verifier/check.js';
import { FILES } from './verifier/format.js';

const tmp = tempDir();
let store: AuditStore;
let file: string;
const N = 37; // not a power of two; checkpoints were signed at 5, 16 and 30

beforeAll(async () => {
  file = tmp.path('log.db');
  let t = Date.UTC(2026, 0, 2);
  store = openAuditStore(file, { clock: { now: () => t++ } });
  for (let i = 0; i < N; i++) {
    await store.append({ action: 'document.read', outcome: i % 3 ? 'success' : 'denied', i });
    if (i + 1 === 5 || i + 1 === 16 || i + 1 === 30) store.checkpoint(signer);
  }
}, 30_000);
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const lineCount = (dir: string): number =>
  readFileSync(join(dir, 'entries.jsonl'), 'utf8').split('\n').length - 1;

describe('exportBundle: ranges against a tree of 37', () => {
  const ranges: [string, number, number][] = [
    ['whole log', 0, N],
    ['first entry', 0, 1],
    ['last entry', N - 1, N],
    ['middle', 10, 20],
    ['a range ending on a subtree boundary', 16, 32],
    ['all but the first', 1, N],
    ['nothing, at the start', 0, 0],
    ['nothing, in the middle (the anchor alone is proven)', 17, 17],
    ['nothing, at the end', N, N],
  ];
  it.each(ranges)('%s: [%i, %i) verifies, every entry proven', async (_, from, to) => {
    const r = await exportAndVerify(store, tmp, { from, to });
    expect(invalidItems(r.report)).toEqual([]);
    expect(r.report.validEntries).toBe(to - from);
    expect(r.report.totalEntries).toBe(to - from);
    expect(lineCount(r.dir)).toBe(to - from);
    expect(r.treeSize).toBe(N);
  });

  it('proves consistency from every stored checkpoint, plus the sizes asked for, once each', async () => {
    const { dir } = await exportAndVerify(store, tmp, { consistencyFrom: [7, 16, 0, N] });
    const c = JSON.parse(readFileSync(join(dir, 'consistency.json'), 'utf8')) as {
      tree_size: number;
      proofs: { from_size: number }[];
    };
    // Earlier exports in this file signed checkpoints of size 37 too: those need no proof.
    expect(c.proofs.map((p) => p.from_size)).toEqual([5, 7, 16, 30]);
    const stored = store.checkpoints();
    expect(stored.slice(0, 3).map((cp) => cp.size)).toEqual([5, 16, 30]); // oldest first
    expect(stored.every((cp) => cp.note.startsWith(`${signer.origin}\n${cp.size}\n`))).toBe(true);
  });

  it('an empty log exports and verifies', async () => {
    const empty = openAuditStore(tmp.path('empty.db'));
    try {
      const r = await exportAndVerify(empty, tmp);
      expect(invalidItems(r.report)).toEqual([]);
      expect([r.treeSize, r.report.totalEntries]).toEqual([0, 0]);
    } finally {
      empty.close();
    }
  });
});

describe('exportBundle: the checkpoint is issued at export time over the log as it stands', () => {
  it('appends committed while the verifier is fetched are in the checkpoint and the bundle', async () => {
    const verifyMjs = await buildVerifier();
    const before = store.size();
    const r = await exportAndVerify(store, tmp, {
      verifier: async () => {
        await Promise.all([1, 2, 3].map((i) => store.append({ action: 'chat.request', early: i })));
        return verifyMjs;
      },
    });
    expect(r.treeSize).toBe(before + 3);
    expect([r.from, r.to]).toEqual([0, before + 3]);
    expect(lineCount(r.dir)).toBe(before + 3);
    expect(r.report.ok).toBe(true);
  });

  it('appends committing during the export are outside it: the bundle covers exactly its entries', async () => {
    const verifyMjs = await buildVerifier();
    const before = store.size();
    let late: Promise<unknown>[] = [];
    const r = await exportAndVerify(store, tmp, {
      verifier: async () => {
        // Queued now; the group commit runs on setImmediate, after the checkpoint was signed.
        late = [1, 2].map((i) => store.append({ action: 'chat.request', late: i }));
        return verifyMjs;
      },
    });
    await Promise.all(late);
    expect(store.size()).toBe(before + 2);
    expect([r.treeSize, r.to]).toEqual([before, before]);
    expect(lineCount(r.dir)).toBe(before);
    expect(invalidItems(r.report)).toEqual([]);
  });
});

describe('exportBundle: a damaged log fails the export', () => {
  it('an entry body that no longer matches its leaf hash: LOG_INCONSISTENT, no file left', async () => {
    const db = new Database(file);
    try {
      db.exec('DROP TRIGGER IF EXISTS entries_no_update');
      const body = (db.prepare('SELECT body FROM entries WHERE seq = 12').pluck().get() as Buffer).toString();
      db.prepare('UPDATE entries SET body = ? WHERE seq = 12').run(
        Buffer.from(body.replace('"i":12', '"i":99')),
      );
    } finally {
      db.close();
    }
    const outFile = tmp.path('bad.tar');
    await expect(
      exportBundle(store, { signer, vkey: key.vkey, from: 10, to: 20, outFile }),
    ).rejects.toMatchObject({
      code: 'LOG_INCONSISTENT',
    });
    expect(() => readFileSync(outFile)).toThrow(/ENOENT/);
    // A range that does not include the damaged entry still exports.
    const r = await exportAndVerify(store, tmp, { from: 20, to: 25 });
    expect(r.report.ok).toBe(true);
  });
});

describe('verifyBundle: garbage never throws', () => {
  it('every member replaced by junk (or missing): INVALID items, no exception', () => {
    const junk = [
      Buffer.from('null'),
      Buffer.from('{"version":2}'),
      Buffer.from([0xff, 0xfe, 0x0a, 0x00]),
      Buffer.alloc(0),
    ];
    for (const [k, j] of junk.entries()) {
      const files = new Map(Object.values(FILES).map((n, i) => [n, junk[(i + k) % junk.length] as Buffer]));
      const r = verifyBundle(files);
      expect(r.ok).toBe(false);
      expect(r.validEntries).toBe(0);
      expect(invalidItems(r).length, j.toString('hex')).toBeGreaterThan(3);
    }
    expect(verifyBundle(new Map()).ok).toBe(false);
  });

  it('lists at most 1000 invalid entries, and counts the rest', () => {
    const r = verifyBundle(new Map([[FILES.entries, Buffer.from('{}\n'.repeat(1005))]]));
    const listed = invalidItems(r).filter((l) => l.startsWith('entry '));
    expect(listed).toHaveLength(1000);
    expect(listed[999]).toMatch(/^entry 999 \(entries.jsonl line 1000\): seq undefined where 999 expected/);
    expect(invalidItems(r)).toContain('entries.jsonl: 5 more invalid entries not listed');
    expect([r.validEntries, r.totalEntries]).toEqual([0, 1005]);
  });
});
