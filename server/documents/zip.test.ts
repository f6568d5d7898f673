import { describe, expect, it } from 'vitest';
import { isDocumentError } from './errors.js';
import { resolveLimits } from './limits.js';
import { deflatedZeros, writeZip } from './test-support/zipWriter.js';
import { inflateEntries, readCentralDirectory } from './zip.js';

const limits = resolveLimits();
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
};

describe('readCentralDirectory', () => {
  it('lists entries with their sizes and methods', () => {
    const zip = writeZip([
      { name: 'a.xml', data: '<a>'.repeat(100) },
      { name: 'dir/b.bin', data: new Uint8Array([1, 2, 3]), method: 'store' },
    ]);
    const entries = readCentralDirectory(zip, limits);
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ['a.xml', 8, 300],
      ['dir/b.bin', 0, 3],
    ]);
    const seen: string[] = [];
    inflateEntries(zip, entries, (e, data) => seen.push(`${e.name}:${data.length}`));
    expect(seen).toEqual(['a.xml:300', 'dir/b.bin:3']);
  });

  it('refuses too many entries before looking at any', () => {
    const zip = writeZip(Array.from({ length: 11 }, (_, i) => ({ name: `${i}.xml`, data: 'x' })));
    expect(codeOf(() => readCentralDirectory(zip, resolveLimits({ maxZipEntries: 10 })))).toBe('zip_bomb');
  });

  it('refuses declared sizes that add up past maxUnzippedBytes, without inflating', () => {
    const zip = writeZip([
      { name: 'a.xml', data: 'x', declaredSize: 600 },
      { name: 'b.xml', data: 'x', declaredSize: 600 },
    ]);
    const err = (() => {
      try {
        readCentralDirectory(zip, resolveLimits({ maxUnzippedBytes: 1000 }));
      } catch (e) {
        return e;
      }
    })();
    expect(isDocumentError(err, 'zip_bomb') && err.details).toEqual({ limit: 'maxUnzippedBytes', max: 1000 });
  });

  it('refuses a declared ratio above maxZipRatio for large entries only', async () => {
    const bomb = await deflatedZeros(4 * 1024 * 1024); // ~1000:1
    const zip = writeZip([{ name: 'word/document.xml', data: bomb }]);
    expect(codeOf(() => readCentralDirectory(zip, limits))).toBe('zip_bomb');
    // The same ratio below ratioFloorBytes is normal for small XML parts.
    expect(codeOf(() => readCentralDirectory(zip, resolveLimits({ ratioFloorBytes: 8 * 1024 * 1024 })))).toBe(
      'no error',
    );
  });

  it('catches a header that understates the size: inflation stops at the declared size', async () => {
    // 256 MiB of zeros declared as 1 KiB: without a cap this would allocate 256 MiB (or fail as
    // a size mismatch after doing so); with it, zlib stops after the first KiB.
    const bomb = await deflatedZeros(256 * 1024 * 1024);
    const zip = writeZip([{ name: 'word/document.xml', data: bomb, declaredSize: 1024 }]);
    const entries = readCentralDirectory(zip, limits);
    expect(codeOf(() => inflateEntries(zip, entries, () => {}))).toBe('zip_bomb');
  });

  it('refuses an entry that inflates to less than declared, encryption and unknown methods', () => {
    const short = writeZip([{ name: 'a.xml', data: 'abc', declaredSize: 10 }]);
    expect(codeOf(() => inflateEntries(short, readCentralDirectory(short, limits), () => {}))).toBe(
      'corrupt',
    );
    const enc = writeZip([{ name: 'a.xml', data: 'abc', flags: 1 }]);
    expect(codeOf(() => readCentralDirectory(enc, limits))).toBe('encrypted');
    const bzip = writeZip([{ name: 'a.xml', data: 'abc' }]);
    const at = bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bzip.writeUInt16LE(12, at + 10); // method 12: bzip2
    expect(codeOf(() => readCentralDirectory(bzip, limits))).toBe('corrupt');
  });

  it('refuses damaged archives with corrupt, never an exception of another kind', () => {
    const good = writeZip([{ name: 'a.xml', data: '<a/>'.repeat(50) }]);
    const cases: Buffer[] = [
      good.subarray(0, 10),
      good.subarray(0, good.length - 5),
      Buffer.concat([good.subarray(0, 40), Buffer.alloc(good.length - 40, 0xff)]),
    ];
    // The central directory pointing past the end of the file.
    const far = Buffer.from(good);
    far.writeUInt32LE(0x7fffffff, far.length - 6);
    cases.push(far);
    // An entry whose local header offset points outside the file.
    const off = Buffer.from(good);
    off.writeUInt32LE(0x7fffff00, off.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 42);
    for (const zip of cases) {
      expect(
        codeOf(() => inflateEntries(zip, readCentralDirectory(zip, limits), () => {})),
        zip.toString('hex').slice(0, 40),
      ).toBe('corrupt');
    }
    expect(codeOf(() => inflateEntries(off, readCentralDirectory(off, limits), () => {}))).toBe('corrupt');
  });
});
