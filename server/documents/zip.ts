import { inflateRawSync } from 'node:zlib';
import { DocumentError } from './errors.js';
import type { DocumentLimits } from './limits.js';

// A reader for the ZIP central directory (APPNOTE.TXT 6.3.10, sections 4.3.12-4.3.16 and
// 4.5.3 for ZIP64), used to judge a DOCX before mammoth's JSZip ever sees it. Every number
// read here is attacker-controlled: each one is bounds-checked before use.

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/** One central-directory entry, with the position of its compressed data resolved. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate; anything else is refused. */
  readonly method: number;
  readonly compressedSize: number;
  /** Declared uncompressed size; `inflateEntries` checks the actual one. */
  readonly uncompressedSize: number;
  /** Offset of the local file header. */
  readonly localOffset: number;
}

const corrupt = (why: string) => new DocumentError('corrupt', `The DOCX file is damaged: ${why}.`);
const bomb = (why: string, limit: string, max: number) =>
  new DocumentError('zip_bomb', `The DOCX file expands too much: ${why}.`, { details: { limit, max } });

/** True when the bytes start like a ZIP local file header (`PK\x03\x04`). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && view(bytes).getUint32(0, true) === SIG_LOCAL;
}

/**
 * Reads and checks the central directory without inflating anything: entry count, declared
 * sizes (sum and per-entry ratio) and data positions. Throws `corrupt`, `encrypted` or `zip_bomb`.
 */
export function readCentralDirectory(bytes: Uint8Array, limits: DocumentLimits): ZipEntry[] {
  const dv = view(bytes);
  const { count, cdOffset, cdSize } = readEnd(bytes, dv);
  if (count > limits.maxZipEntries) throw bomb(`${count} entries`, 'maxZipEntries', limits.maxZipEntries);
  if (cdOffset + cdSize > bytes.length) throw corrupt('central directory outside the file');
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || dv.getUint32(p, true) !== SIG_CENTRAL)
      throw corrupt('bad central entry');
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let uncompressedSize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localOffset = dv.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cdOffset + cdSize) throw corrupt('central entry overruns the directory');
    const name = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extended information (4.5.3): present fields appear in this fixed order.
    const z64 = findExtra(dv, p + 46 + nameLen, extraLen, 0x0001);
    if (z64) {
      let q = z64.start;
      const take = () => {
        if (q + 8 > z64.end) throw corrupt('short ZIP64 field');
        const v = Number(dv.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (uncompressedSize === U32_MAX) uncompressedSize = take();
      if (compressedSize === U32_MAX) compressedSize = take();
      if (localOffset === U32_MAX) localOffset = take();
    }
    if (flags & 0x0001) throw new DocumentError('encrypted', 'The DOCX file is encrypted.');
    if (method !== 0 && method !== 8) throw corrupt(`compression method ${method}`);
    if (method === 0 && compressedSize !== uncompressedSize) throw corrupt('stored entry with two sizes');
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxUnzippedBytes) {
      throw bomb('declared sizes exceed the limit', 'maxUnzippedBytes', limits.maxUnzippedBytes);
    }
    if (
      uncompressedSize > limits.ratioFloorBytes &&
      uncompressedSize / Math.max(compressedSize, 1) > limits.maxZipRatio
    ) {
      throw bomb(
        `entry ${JSON.stringify(name)} declares a ratio above the limit`,
        'maxZipRatio',
        limits.maxZipRatio,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    p = end;
  }
  return entries;
}

/**
 * Inflates every entry with its output capped at the declared size, so that a header that
 * understates the size (to slip past `readCentralDirectory`) fails as `zip_bomb` after at most
 * `maxUnzippedBytes` in total, before JSZip inflates anything. `inspect` sees each entry's bytes.
 */
export function inflateEntries(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  inspect: (entry: ZipEntry, data: Uint8Array) => void,
): void {
  const dv = view(bytes);
  for (const e of entries) {
    if (e.localOffset + 30 > bytes.length || dv.getUint32(e.localOffset, true) !== SIG_LOCAL) {
      throw corrupt('bad local header');
    }
    const start =
      e.localOffset + 30 + dv.getUint16(e.localOffset + 26, true) + dv.getUint16(e.localOffset + 28, true);
    if (start + e.compressedSize > bytes.length) throw corrupt('entry data outside the file');
    const raw = bytes.subarray(start, start + e.compressedSize);
    let data: Uint8Array;
    if (e.method === 0) {
      data = raw;
    } else {
      try {
        // maxOutputLength stops zlib as soon as the output passes the cap (bounded memory).
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw bomb(
            `entry ${JSON.stringify(e.name)} expands beyond its declared size`,
            'declared',
            e.uncompressedSize,
          );
        }
        throw corrupt(`entry ${JSON.stringify(e.name)} does not inflate`);
      }
    }
    if (data.length !== e.uncompressedSize)
      throw corrupt(`entry ${JSON.stringify(e.name)} has the wrong size`);
    inspect(e, data);
  }
}

function readEnd(bytes: Uint8Array, dv: DataView): { count: number; cdOffset: number; cdSize: number } {
  // The end record is 22 bytes plus a comment of up to 65,535 bytes (4.3.16).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - U16_MAX); i--) {
    if (dv.getUint32(i, true) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end of central directory');
  if (dv.getUint16(eocd + 4, true) !== 0 || dv.getUint16(eocd + 6, true) !== 0)
    throw corrupt('multi-part archive');
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== SIG_ZIP64_LOCATOR) throw corrupt('missing ZIP64 locator');
    const z = Number(dv.getBigUint64(loc + 8, true));
    if (z + 56 > bytes.length || dv.getUint32(z, true) !== SIG_ZIP64_EOCD)
      throw corrupt('bad ZIP64 end record');
    count = Number(dv.getBigUint64(z + 32, true));
    cdSize = Number(dv.getBigUint64(z + 40, true));
    cdOffset = Number(dv.getBigUint64(z + 48, true));
  }
  return { count, cdOffset, cdSize };
}

function findExtra(
  dv: DataView,
  start: number,
  len: number,
  id: number,
): { start: number; end: number } | undefined {
  let p = start;
  while (p + 4 <= start + len) {
    const size = dv.getUint16(p + 2, true);
    if (dv.getUint16(p, true) === id) return { start: p + 4, end: Math.min(p + 4 + size, start + len) };
    p += 4 + size;
  }
  return undefined;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
