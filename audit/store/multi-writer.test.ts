import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../checkpoint.js';
import { treeRoot } from '../merkle.js';
import { verifyInclusion } from '../verify.js';
import { type AuditStore, openAuditStore } from './store.js';
import { ORIGIN, signer, tempDir, verifier } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const WRITER = new URL('./test-support/writer.ts', import.meta.url).pathname;

/** Every entry of the file, by seq, parsed. */
function bodies(store: AuditStore): Record<string, unknown>[] {
  return [...store.range(0, Number.MAX_SAFE_INTEGER)].map((e) => JSON.parse(e.body.toString()));
}

describe('audit store: several writers on one file', () => {
  it('lets two stores append alternately, each continuing the other’s chain', async () => {
    const file = tmp.path('a.db');
    const a = openAuditStore(file);
    const b = openAuditStore(file);
    for (let i = 0; i < 20; i++) {
      expect((await a.append({ by: 'a', i })).seq).toBe(2 * i);
      expect((await b.append({ by: 'b', i })).seq).toBe(2 * i + 1);
    }
    expect(b.size()).toBe(40);
    expect(b.root()).toEqual(treeRoot((i) => b.leafHashAt(i), 40));
    // `a` has not seen b's last entry yet; its next append catches up.
    expect(a.size()).toBe(39);
    expect((await a.append({ by: 'a', i: 20 })).seq).toBe(40);
    expect(a.verifyIntegrity()).toMatchObject({ ok: true, size: 41 });
    expect(bodies(a).map((e) => e.by)).toEqual([...Array.from({ length: 20 }, () => ['a', 'b']).flat(), 'a']);
    a.close();
    b.close();
  });

  it('gives concurrent writers on two stores distinct, gap-free seqs', async () => {
    const file = tmp.path('b.db');
    const stores = [openAuditStore(file), openAuditStore(file)];
    const seqs = await Promise.all(
      stores.flatMap((s, which) =>
        Array.from({ length: 8 }, async (_, w) => {
          const mine: number[] = [];
          for (let i = 0; i < 25; i++) mine.push((await s.append({ which, w, i })).seq);
          return mine;
        }),
      ),
    );
    expect(seqs.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const check = openAuditStore(file);
    expect(check.verifyIntegrity()).toMatchObject({ ok: true, size: 400 });
    check.close();
    for (const s of stores) s.close();
  });

  it('checkpoints and proves what another store appended', async () => {
    const file = tmp.path('c.db');
    const a = openAuditStore(file);
    const b = openAuditStore(file);
    for (let i = 0; i < 3; i++) await a.append({ by: 'a', i });
    a.checkpoint(signer);
    for (let i = 0; i < 30; i++) await b.append({ by: 'b', i });
    const cp = openCheckpoint(a.checkpoint(signer), verifier, ORIGIN);
    expect(cp).toMatchObject({ size: 33, rootHash: b.root() });
    verifyInclusion(20, 33, a.leafHashAt(20), a.inclusionProof(20, 33), cp.rootHash);
    expect(a.verifyIntegrity({ verifier, origin: ORIGIN })).toMatchObject({ ok: true, size: 33 });
    a.close();
    b.close();
  });

  it('shares the file with a second process appending at the same time', async () => {
    const file = tmp.path('d.db');
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, '200', 'child'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8');
    const [first] = (await once(child.stdout, 'data')) as [string];
    expect(first).toBe('ready\n');
    const store = openAuditStore(file);
    const exited = once(child, 'exit');
    child.stdin.write('go\n');
    for (let i = 0; i < 200; i++) {
      await store.append({ by: 'parent', i });
      await sleep(1);
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    await store.append({ by: 'parent', last: true });
    expect(store.verifyIntegrity()).toMatchObject({ ok: true, size: 401 });
    const by = bodies(store).map((e) => e.by);
    expect(by.filter((x) => x === 'child')).toHaveLength(200);
    expect(by.filter((x) => x === 'parent')).toHaveLength(201);
    store.close();
  }, 30_000);
});
