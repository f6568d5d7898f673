import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { sharedModelsDir } from '../test-support/paths.js';
import { sha256File, verifyModelFile } from './verify.js';

const source = path.join(sharedModelsDir, 'stories260K.gguf');
let dir: string;
let good: string;
let tampered: string;
let realSha: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-verify-'));
  good = path.join(dir, 'stories260K.gguf');
  copyFileSync(source, good);
  const bytes = readFileSync(source);
  realSha = createHash('sha256').update(bytes).digest('hex');
  const flipped = Buffer.from(bytes);
  const at = Math.floor(flipped.length / 2);
  flipped[at] = (flipped[at] as number) ^ 0x01;
  tampered = path.join(dir, 'tampered.gguf');
  writeFileSync(tampered, flipped);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('sha256File', () => {
  it('hashes a file like crypto does in one piece', async () => {
    const small = path.join(dir, 'small.bin');
    writeFileSync(small, 'hello');
    expect(await sha256File(small)).toBe(createHash('sha256').update('hello').digest('hex'));
    expect(await sha256File(good)).toBe(realSha);
  });
});

describe('verifyModelFile', () => {
  it('accepts the real model with its catalog hash', async () => {
    await expect(verifyModelFile(good, realSha)).resolves.toBeUndefined();
  });

  it('refuses a copy with one byte flipped, naming the file and both hashes', async () => {
    const tamperedSha = createHash('sha256').update(readFileSync(tampered)).digest('hex');
    expect(tamperedSha).not.toBe(realSha);
    const err = await rejection(verifyModelFile(tampered, realSha));
    expect(err.code).toBe('model_hash_mismatch');
    expect(err.message).toContain(tampered);
    expect(err.message).toContain(realSha);
    expect(err.message).toContain(tamperedSha);
  });

  it('refuses a malformed expected hash instead of throwing something else', async () => {
    expect((await rejection(verifyModelFile(good, 'not-hex'))).code).toBe('model_hash_mismatch');
    expect((await rejection(verifyModelFile(good, ''))).code).toBe('model_hash_mismatch');
    expect((await rejection(verifyModelFile(good, realSha.slice(0, 62)))).code).toBe('model_hash_mismatch');
  });

  it('refuses a missing file with model_file_missing', async () => {
    const missing = path.join(dir, 'nope.gguf');
    const err = await rejection(verifyModelFile(missing, realSha));
    expect(err.code).toBe('model_file_missing');
    expect(err.message).toContain(missing);
  });

  it('refuses a directory in place of the model file', async () => {
    const sub = path.join(dir, 'folder.gguf');
    mkdirSync(sub);
    expect((await rejection(verifyModelFile(sub, realSha))).code).toBe('model_file_missing');
  });
});
