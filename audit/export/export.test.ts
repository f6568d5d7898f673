import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNoteKey } from '../note-keys.js';
import type { AuditStore } from '../store/index.js';
import { exportBundle } from './bundle.js';
import {
  extract,
  firstInvalid,
  key,
  makeLog,
  runVerifier,
  signer,
  tamper,
  tempDir,
} from './test-support/bundle-fixture.js';

const tmp = tempDir();
let a: { store: AuditStore; kept: string };
let b: { store: AuditStore; kept: string };
let bundleA: string;
let subA: string;
let checkpointB: string;

beforeAll(async () => {
  a = await makeLog(tmp.path('a.db'), 10, 4, 'a');
  b = await makeLog(tmp.path('b.db'), 10, 4, 'b'); // same key, same size, different history
  bundleA = tmp.path('a.tar');
  await exportBundle(a.store, { signer, vkey: key.vkey, outFile: bundleA });
  subA = tmp.path('sub.tar');
  await exportBundle(a.store, { from: 3, to: 7, signer, vkey: key.vkey, outFile: subA });
  checkpointB = b.store.checkpoint(signer);
}, 30_000);
afterAll(() => {
  a.store.close();
  b.store.close();
  tmp.cleanup();
});

const fresh = (tar = bundleA): string => extract(tar, tmp.dir());
const entryLines = (s: string): string[] => s.slice(0, -1).split('\n');
/** Changes the first hex digit after `prefix` (always a real change). */
const flipHex = (s: string, prefix: string): string =>
  s.replace(new RegExp(`${prefix}(.)`), (_, c: string) => `${prefix}${c === '0' ? '1' : '0'}`);
const editLines = (edit: (l: string[]) => void) => (s: string) => {
  const l = entryLines(s);
  edit(l);
  return `${l.join('\n')}\n`;
};

describe('export bundle: verify.mjs in a bare environment', () => {
  it('verifies an untouched bundle, with and without a pinned key', () => {
    const dir = fresh();
    const plain = runVerifier(dir);
    expect(plain.status, plain.out).toBe(0);
    expect(plain.out).toMatch(/^10\/10 entries valid$/m);
    expect(plain.out).toMatch(/^range proof \(entries 0\.\.9 of tree size 10\): valid$/m);
    expect(plain.out).toMatch(/^report\.csv \(rebuilt from entries\.jsonl\): valid$/m);
    expect(plain.out).toMatch(/NOT pinned/);
    const pinned = runVerifier(dir, ['--trusted-key', key.vkey]);
    expect(pinned.status, pinned.out).toBe(0);
    expect(pinned.out).not.toMatch(/INVALID|NOT pinned/);
  });

  it('verifies a sub-range, whose proof covers the anchor entry before it', () => {
    const v = runVerifier(fresh(subA));
    expect(v.status, v.out).toBe(0);
    expect(v.out).toMatch(/^range proof \(entries 2\.\.6 of tree size 10\): valid$/m);
    expect(v.out).toMatch(/^4\/4 entries valid$/m);
  });

  it('flipped byte in an entry: names that entry; nothing is proven', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => s.replace('"i":2,', '"i":3,'));
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(
      /^entry 2 \(entries.jsonl line 3\): INVALID: altered: its leaf hash is not the prev recorded by entry 3$/,
    );
    expect(v.out.match(/^entry \d+ .*INVALID/gm)).toHaveLength(1);
    expect(v.out).toMatch(/^range proof .*INVALID: the root recomputed .* is not the checkpoint root$/m);
    expect(v.out).toMatch(/^0\/10 entries valid$/m);
  });

  it('altered prev: names that entry, whose two links are both broken', () => {
    const dir = fresh();
    tamper(
      dir,
      'entries.jsonl',
      editLines((l) => (l[5] = flipHex(l[5] as string, '"prev":"'))),
    );
    const v = runVerifier(dir);
    expect(firstInvalid(v.out)).toMatch(/^entry 5 \(entries.jsonl line 6\): INVALID: altered: prev is not/);
    expect(v.out.match(/^entry \d+ .*INVALID/gm)).toHaveLength(1);
  });

  it('flipped byte in the last entry: no later prev names it, the range proof does', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => s.replace('"i":9,', '"i":8,'));
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(
      /^range proof .*INVALID: .*the last entry, 9, the anchor or a proof node/,
    );
    expect(v.out).toMatch(/^0\/10 entries valid$/m);
  });

  it('deleted line: names the gap and the missing entry', () => {
    const dir = fresh();
    tamper(
      dir,
      'entries.jsonl',
      editLines((l) => l.splice(4, 1)),
    );
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 4 \(entries.jsonl line 5\): INVALID: seq 5 where 4 expected/);
    expect(v.out.match(/^entry \d+ .*INVALID/gm)).toHaveLength(5); // every later line has the wrong seq
    expect(v.out).toMatch(/^entries.jsonl: INVALID: 1 of 10 entries missing/m);
  });

  it('inserted line: names the intruder', () => {
    const dir = fresh();
    tamper(
      dir,
      'entries.jsonl',
      editLines((l) => l.splice(3, 0, l[2] as string)),
    );
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 3 \(entries.jsonl line 4\): INVALID: seq 2 where 3 expected/);
    expect(v.out).toMatch(/^entry 10 .*beyond the exported range/m);
    expect(v.out).toMatch(/^0\/11 entries valid$/m);
  });

  it('swapped lines: names both, and only them', () => {
    const dir = fresh();
    tamper(
      dir,
      'entries.jsonl',
      editLines((l) => ([l[5], l[6]] = [l[6] as string, l[5] as string])),
    );
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 5 \(entries.jsonl line 6\): INVALID: seq 6 where 5 expected/);
    expect(v.out).toMatch(/^entry 6 \(entries.jsonl line 7\): INVALID: seq 5 where 6 expected/m);
    expect(v.out.match(/^entry \d+ .*INVALID/gm)).toHaveLength(2);
  });

  it('non-canonical re-encoding of an entry is refused', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => s.replace('{"i":0,', '{ "i":0,'));
    const v = runVerifier(dir);
    expect(firstInvalid(v.out)).toMatch(/^entry 0 .*INVALID: bytes are not the canonical/);
  });

  it('a range proof node altered: the root no longer matches', () => {
    const dir = fresh(subA);
    tamper(dir, 'proofs.json', (s) => {
      const p = JSON.parse(s) as { range_proof: string[] };
      const node = Buffer.from(p.range_proof[0] as string, 'base64');
      node[7] = (node[7] as number) ^ 0x40;
      p.range_proof[0] = node.toString('base64');
      return JSON.stringify(p);
    });
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^range proof \(entries 2\.\.6 of tree size 10\): INVALID: the root/);
    expect(v.out).toMatch(/^0\/4 entries valid$/m);
  });

  it('a range proof node removed: RANGE_PROOF_INVALID', () => {
    const dir = fresh(subA);
    tamper(dir, 'proofs.json', (s) => {
      const p = JSON.parse(s) as { range_proof: string[] };
      p.range_proof.pop();
      return JSON.stringify(p);
    });
    expect(firstInvalid(runVerifier(dir).out)).toMatch(
      /^range proof .*INVALID: RANGE_PROOF_INVALID: proof has/,
    );
  });

  it("an altered anchor: the first entry's prev and the range proof both object", () => {
    const dir = fresh(subA);
    tamper(dir, 'proofs.json', (s) => flipHex(s, '"leaf_hash": "'));
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(v.out).toMatch(
      /^proofs.json anchor \(entry 2\): INVALID: altered: its leaf hash is not the prev recorded by entry 3$/m,
    );
    expect(v.out).toMatch(/^range proof .*INVALID/m);
  });

  it('forged checkpoint signature', () => {
    const dir = fresh();
    tamper(dir, 'checkpoint.txt', (s) => {
      const i = s.length - 12;
      return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    });
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^checkpoint.txt: INVALID: SIGNATURE_INVALID/);
    expect(v.out).toMatch(/^0\/10 entries valid$/m);
  });

  it('a genuinely signed checkpoint of a rewritten log (same size, other root)', () => {
    const dir = fresh();
    tamper(dir, 'checkpoint.txt', () => checkpointB);
    const v = runVerifier(dir, ['--trusted-key', key.vkey]);
    expect(v.status).toBe(1);
    expect(v.out).toMatch(/^checkpoint.txt: valid$/m);
    expect(firstInvalid(v.out)).toMatch(/^range proof \(entries 0\.\.9 of tree size 10\): INVALID: the root/);
    expect(v.out).toMatch(/^0\/10 entries valid$/m);
  });

  it('manifest mismatch: proofs.json and report.csv changed in transit', () => {
    const dir = fresh();
    tamper(dir, 'proofs.json', (s) => `${s}\n`, true);
    tamper(dir, 'report.csv', (s) => s.replace(/no\r\n$/, 'yes\r\n'), true);
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toBe('manifest report.csv: INVALID: SHA-256 does not match manifest.json');
    expect(v.out).toMatch(/^manifest proofs.json: INVALID: SHA-256 does not match manifest.json$/m);
    expect(v.out).toMatch(/^10\/10 entries valid$/m);
  });

  it('a doctored report with a rewritten manifest: rebuilding the report from the entries catches it', () => {
    const dir = fresh();
    tamper(dir, 'report.csv', (s) => s.replace(/\r\n[^\r\n]*\r\n$/, '\r\n'));
    tamper(dir, 'report.html', (s) => s.replace('<h2>By action</h2>', '<h2>By action (none denied)</h2>'));
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(v.out).not.toMatch(/^manifest .*INVALID/m);
    expect(v.out).toMatch(
      /^report.csv \(rebuilt from entries.jsonl\): INVALID: does not match entries.jsonl$/m,
    );
    expect(v.out).toMatch(
      /^report.html \(rebuilt from entries.jsonl\): INVALID: does not match entries.jsonl$/m,
    );
    expect(v.out).toMatch(/^10\/10 entries valid$/m);
  });

  it('a key other than the pinned one', () => {
    const v = runVerifier(fresh(), ['--trusted-key', generateNoteKey('parley.test/audit').vkey]);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^pubkey.txt: INVALID: key is not the trusted key/);
    expect(v.out).toMatch(/^checkpoint.txt: INVALID: NO_TRUSTED_SIGNATURE/m);
  });

  it('consistency with a checkpoint the auditor kept, and a fork of it', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'kept-a.txt'), a.kept);
    writeFileSync(join(dir, 'kept-b.txt'), b.kept);
    // The bundle proves from every checkpoint the store signed (size 4) without being asked.
    const ok = runVerifier(dir, ['--previous-checkpoint', 'kept-a.txt']);
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/^consistency with kept-a.txt \(size 4\): valid$/m);
    const fork = runVerifier(dir, ['--previous-checkpoint', 'kept-b.txt']);
    expect(fork.status).toBe(1);
    expect(firstInvalid(fork.out)).toMatch(/^consistency with kept-b.txt \(size 4\): INVALID: CONSISTENCY/);
    copyFileSync(join(dir, 'checkpoint.txt'), join(dir, 'same.txt'));
    expect(runVerifier(dir, ['--previous-checkpoint', 'same.txt']).status).toBe(0);
  });

  it('a kept checkpoint whose size has no proof in the bundle fails clearly', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'kept-a.txt'), a.kept);
    tamper(dir, 'consistency.json', (s) => {
      const c = JSON.parse(s) as { proofs: unknown[] };
      c.proofs = [];
      return JSON.stringify(c);
    });
    const v = runVerifier(dir, ['--previous-checkpoint', 'kept-a.txt']);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toBe(
      'consistency with kept-a.txt (size 4): INVALID: no consistency proof from size 4 to 10 in consistency.json',
    );
  });
});

describe('exportBundle: caller mistakes', () => {
  it('refuses a vkey of another key, a range past the log, and an existing file', async () => {
    const outFile = tmp.path('x.tar');
    const other = generateNoteKey('parley.test/audit').vkey;
    await expect(exportBundle(a.store, { signer, vkey: other, outFile })).rejects.toThrow(TypeError);
    await expect(exportBundle(a.store, { signer, vkey: key.vkey, to: 99, outFile })).rejects.toThrow(
      TypeError,
    );
    await expect(
      exportBundle(a.store, { signer, vkey: key.vkey, consistencyFrom: [11], outFile }),
    ).rejects.toThrow(TypeError);
    await expect(exportBundle(a.store, { signer, vkey: key.vkey, outFile: bundleA })).rejects.toMatchObject({
      code: 'EEXIST',
    });
  });

  it('ships a verifier with no imports but node: built-ins', () => {
    const dir = fresh();
    const src = readFileSync(join(dir, 'verify.mjs'), 'utf8');
    const specifiers = [...src.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.every((s) => s?.startsWith('node:'))).toBe(true);
    expect(src).not.toMatch(/\brequire\(|\bimport\(/);
  });
});
