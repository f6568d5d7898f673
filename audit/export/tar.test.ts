import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTar } from './tar.js';
import { TarWriter } from './tar-writer.js';
import { extract, tempDir } from './test-support/bundle-fixture.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('ustar writer', () => {
  it('writes archives the system tar lists and extracts byte for byte', () => {
    const big = Buffer.alloc(1500, 7);
    const tar = writeTar(
      [
        { name: 'a.txt', data: Buffer.from('hello\n') },
        { name: 'empty', data: Buffer.alloc(0) },
        { name: 'big.bin', data: big, mode: 0o755 },
      ],
      1_767_225_600,
    );
    expect(tar.length % 512).toBe(0);
    const file = tmp.path('t.tar');
    writeFileSync(file, tar);
    const list = spawnSync('tar', ['-tvf', file], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/a\.txt/);
    const dir = extract(file, tmp.dir());
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(dir, 'empty')).length).toBe(0);
    expect(readFileSync(join(dir, 'big.bin')).equals(big)).toBe(true);
    expect(statSync(join(dir, 'big.bin')).mode & 0o777).toBe(0o755);
    expect(Math.floor(statSync(join(dir, 'a.txt')).mtimeMs / 1000)).toBe(1_767_225_600);
  });

  it('refuses unsafe or duplicate names', () => {
    const d = Buffer.alloc(1);
    expect(() => writeTar([{ name: '../x', data: d }], 0)).toThrow(TypeError);
    expect(() => writeTar([{ name: '/etc/x', data: d }], 0)).toThrow(TypeError);
    expect(() => writeTar([{ name: 'a b', data: d }], 0)).toThrow(TypeError);
    expect(() => writeTar([{ name: 'x'.repeat(101), data: d }], 0)).toThrow(TypeError);
    expect(() =>
      writeTar(
        [
          { name: 'x', data: d },
          { name: 'x', data: d },
        ],
        0,
      ),
    ).toThrow(TypeError);
  });
});

describe('streaming ustar writer', () => {
  it('writes the same bytes as writeTar, for members written whole or in pieces past 1 MiB', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    const files = [
      { name: 'entries.jsonl', data: big },
      { name: 'empty', data: Buffer.alloc(0) },
      { name: 'verify.mjs', data: Buffer.from('#!/usr/bin/env node\n'), mode: 0o755 },
    ];
    const file = tmp.path('s.tar');
    const w = await TarWriter.create(file, 1_767_225_600);
    w.begin('entries.jsonl');
    for (let off = 0; off < big.length; off += 70_001) await w.write(big.subarray(off, off + 70_001));
    const hash = await w.end();
    await w.add('empty', Buffer.alloc(0));
    await w.add('verify.mjs', files[2]?.data as Buffer, 0o755);
    await w.finish();
    expect(readFileSync(file).equals(writeTar(files, 1_767_225_600))).toBe(true);
    expect(hash).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it('refuses to overwrite, duplicate names, and deletes the partial file on abort', async () => {
    const file = tmp.path('a.tar');
    writeFileSync(file, 'x');
    await expect(TarWriter.create(file, 0)).rejects.toMatchObject({ code: 'EEXIST' });
    const other = tmp.path('b.tar');
    const w = await TarWriter.create(other, 0);
    await w.add('x', Buffer.from('1'));
    expect(() => w.begin('x')).toThrow(TypeError);
    expect(() => w.begin('../x')).toThrow(TypeError);
    await w.abort();
    expect(() => statSync(other)).toThrow(/ENOENT/);
  });
});
