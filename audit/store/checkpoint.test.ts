import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../checkpoint.js';
import { ed25519Signer, generateNoteKey } from '../note-keys.js';
import type { StoredCheckpoint } from './checkpoint.js';
import { openAuditStore } from './store.js';
import {
  attacker,
  ORIGIN,
  refreshFrontier,
  rejectionCode,
  rewriteFrom,
  signer,
  tempDir,
  verifier,
} from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function fill(file: string, n: number) {
  const shipped: StoredCheckpoint[] = [];
  const store = openAuditStore(file, { onCheckpoint: (cp) => shipped.push(cp) });
  await Promise.all(Array.from({ length: n }, (_, i) => store.append({ i })));
  return { store, shipped };
}

describe('audit store: checkpoints', () => {
  it('signs the committed tree, stores it and ships it through onCheckpoint', async () => {
    const { store, shipped } = await fill(tmp.path('a.db'), 5);
    const first = store.checkpoint(signer);
    const cp = openCheckpoint(first, verifier, ORIGIN);
    expect(cp).toMatchObject({ size: 5, rootHash: store.root() });
    await store.append({ more: true });
    const second = store.checkpoint(signer);
    expect(openCheckpoint(second, verifier, ORIGIN).size).toBe(6);
    expect(shipped.map((c) => c.note)).toEqual([first, second]);
    expect(openCheckpoint(store.checkpoint(signer), verifier, ORIGIN).size).toBe(6);
    expect(shipped[2]).toMatchObject({ size: 6, rootHash: store.root() });
    expect(store.verifyIntegrity({ verifier, origin: ORIGIN, external: [first] })).toMatchObject({
      ok: true,
      size: 6,
    });
    store.close();
  });

  it('signs the empty tree', () => {
    const store = openAuditStore(tmp.path('b.db'));
    expect(openCheckpoint(store.checkpoint(signer), verifier, ORIGIN).size).toBe(0);
    store.close();
  });

  it('requires the key name to be the origin', async () => {
    const { store } = await fill(tmp.path('c.db'), 1);
    const other = ed25519Signer('other.test/log', generateNoteKey('other.test/log').privateKeyPem);
    expect(() => store.checkpoint({ origin: ORIGIN, key: other })).toThrow(TypeError);
    store.close();
  });

  it('refuses to sign when a leaf under the last checkpoint was rewritten, and stops appending', async () => {
    const file = tmp.path('d.db');
    const { store, shipped } = await fill(file, 8);
    store.checkpoint(signer);
    await store.append({ i: 8 });
    const raw = attacker(file);
    rewriteFrom(raw, 3, (e) => {
      e.actor = 'someone else';
    });
    raw.close();
    expect(() => store.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'FORK_REFUSED' }));
    expect(shipped).toHaveLength(1);
    expect(await rejectionCode(store.append({ i: 9 }))).toBe('STATE_MISMATCH');
    store.close();
  });

  it('refuses to sign a tampered stored frontier, whether the store is open or reopened', async () => {
    const file = tmp.path('e.db');
    const { store } = await fill(file, 6);
    store.checkpoint(signer);
    await store.append({ i: 6 });
    const raw = attacker(file);
    rewriteFrom(raw, 2, (e) => {
      e.i = 42;
    });
    refreshFrontier(raw);
    raw.close();
    expect(() => store.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'STATE_MISMATCH' }));
    store.close();
    // After a restart the in-memory frontier is the forged one: only the proof can tell.
    const again = openAuditStore(file);
    expect(() => again.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'FORK_REFUSED' }));
    expect(again.verifyIntegrity()).toMatchObject({
      ok: false,
      reason: 'CHECKPOINT_MISMATCH',
      firstBadSeq: 0,
    });
    again.close();
  });

  it('refuses to sign a log that shrank below the last checkpoint', async () => {
    const file = tmp.path('f.db');
    const { store } = await fill(file, 6);
    store.checkpoint(signer);
    store.close();
    const raw = attacker(file);
    raw.prepare('DELETE FROM entries WHERE seq >= 4').run();
    refreshFrontier(raw);
    raw.close();
    const again = openAuditStore(file);
    expect(() => again.checkpoint(signer)).toThrow(expect.objectContaining({ code: 'FORK_REFUSED' }));
    again.close();
  });
});
