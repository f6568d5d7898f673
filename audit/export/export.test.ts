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
let checkpointB: string;

beforeAll(async () => {
  a = await makeLog(tmp.path('a.db'), 10, 4, 'a');
  b = await makeLog(tmp.path('b.db'), 10, 4, 'b'); // same key, same size, different history
  bundleA = tmp.path('a.tar');
  await exportBundle(a.store, { signer, vkey: key.vkey, consistencyFrom: [4], outFile: bundleA });
  checkpointB = b.store.checkpoint(signer);
}, 30_000);
afterAll(() => {
  a.store.close();
  b.store.close();
  tmp.cleanup();
});

const fresh = (): string => extract(bundleA, tmp.dir());
const entryLines = (s: string): string[] => s.slice(0, -1).split('\n');

describe('export bundle: verify.mjs in a bare environment', () => {
  it('verifies an untouched bundle, with and without a pinned key', () => {
    const dir = fresh();
    const plain = runVerifier(dir);
    expect(plain.status, plain.out).toBe(0);
    expect(plain.out).toMatch(/^10\/10 entries valid$/m);
    expect(plain.out).toMatch(/NOT pinned/);
    const pinned = runVerifier(dir, ['--trusted-key', key.vkey]);
    expect(pinned.status, pinned.out).toBe(0);
    expect(pinned.out).not.toMatch(/INVALID|NOT pinned/);
  });

  it('verifies a sub-range, chaining its first entry through the anchor proof', async () => {
    const out = tmp.path('sub.tar');
    const r = await exportBundle(a.store, { from: 3, to: 7, signer, vkey: key.vkey, outFile: out });
    expect(r).toMatchObject({ from: 3, to: 7, treeSize: 10 });
    const v = runVerifier(extract(out, tmp.dir()));
    expect(v.status, v.out).toBe(0);
    expect(v.out).toMatch(/^4\/4 entries valid$/m);
  });

  it('flipped byte in an entry: that entry is not included, the next one breaks the chain', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => s.replace('"i":2,', '"i":3,'));
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(
      /^entry 2 \(entries.jsonl line 3\): INVALID: .*INCLUSION_PROOF_INVALID/,
    );
    expect(v.out).toMatch(/^entry 3 .*INVALID: prev does not match/m);
    expect(v.out).toMatch(/^8\/10 entries valid$/m);
  });

  it('deleted line: names the gap and the missing entry', () => {
    const dir = fresh();
    tamper(
      dir,
      'entries.jsonl',
      (s) =>
        `${entryLines(s)
          .filter((_, i) => i !== 4)
          .join('\n')}\n`,
    );
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 4 \(entries.jsonl line 5\): INVALID: seq 5 where 4 expected/);
    expect(v.out).toMatch(/^entries.jsonl: INVALID: 1 of 10 entries missing/m);
  });

  it('inserted line: names the intruder', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => {
      const l = entryLines(s);
      l.splice(3, 0, l[2] as string);
      return `${l.join('\n')}\n`;
    });
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 3 \(entries.jsonl line 4\): INVALID: seq 2 where 3 expected/);
    expect(v.out).toMatch(/beyond the exported range/);
    expect(v.out).toMatch(/^3\/11 entries valid$/m);
  });

  it('swapped lines: names both', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => {
      const l = entryLines(s);
      [l[5], l[6]] = [l[6] as string, l[5] as string];
      return `${l.join('\n')}\n`;
    });
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toMatch(/^entry 5 \(entries.jsonl line 6\): INVALID: seq 6 where 5 expected/);
    expect(v.out).toMatch(/^entry 6 \(entries.jsonl line 7\): INVALID: seq 5 where 6 expected/m);
  });

  it('non-canonical re-encoding of an entry is refused', () => {
    const dir = fresh();
    tamper(dir, 'entries.jsonl', (s) => s.replace('{"i":0,', '{ "i":0,'));
    const v = runVerifier(dir);
    expect(firstInvalid(v.out)).toMatch(/^entry 0 .*INVALID: bytes are not the canonical/);
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
    expect(firstInvalid(v.out)).toMatch(/^entry 0 .*INVALID: not included .*INCLUSION_PROOF_INVALID/);
    expect(v.out).toMatch(/^0\/10 entries valid$/m);
  });

  it('manifest mismatch', () => {
    const dir = fresh();
    tamper(dir, 'proofs.json', (s) => `${s}\n`, true);
    const v = runVerifier(dir);
    expect(v.status).toBe(1);
    expect(firstInvalid(v.out)).toBe('manifest proofs.json: INVALID: SHA-256 does not match manifest.json');
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
    const ok = runVerifier(dir, ['--previous-checkpoint', 'kept-a.txt']);
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/^consistency from previous checkpoint \(size 4\): valid$/m);
    const fork = runVerifier(dir, ['--previous-checkpoint', 'kept-b.txt']);
    expect(fork.status).toBe(1);
    expect(firstInvalid(fork.out)).toMatch(
      /^consistency from previous checkpoint \(size 4\): INVALID: CONSISTENCY/,
    );
    copyFileSync(join(dir, 'checkpoint.txt'), join(dir, 'same.txt'));
    expect(runVerifier(dir, ['--previous-checkpoint', 'same.txt']).status).toBe(0);
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
