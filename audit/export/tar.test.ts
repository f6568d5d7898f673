import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTar } from './tar.js';
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
