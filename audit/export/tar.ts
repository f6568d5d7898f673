// A minimal POSIX ustar writer (POSIX.1-2008, pax "ustar Interchange Format"): regular files
// only, names up to 100 ASCII bytes, no directories. Enough for a flat compliance bundle that
// `tar -xf` (GNU, BSD, busybox) extracts, with no npm dependency.

/** The ustar block size: headers are one block, data is padded to whole blocks. */
export const BLOCK = 512;

/** One regular file of a tar archive. */
export interface TarFile {
  /** Relative path, printable ASCII, at most 100 bytes, no `..` segments. */
  name: string;
  data: Uint8Array;
  /** Permission bits; defaults to 0o644. */
  mode?: number;
}

/** Writes `value` as zero-padded octal into `width - 1` digits followed by a NUL. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0');
  if (digits.length > width - 1) throw new RangeError(`tar field too small for ${value}`);
  header.write(`${digits}\0`, offset, width, 'ascii');
}

/** The 512-byte ustar header of a regular file of `size` bytes (mtime in seconds). */
export function tarHeader(name: string, size: number, mode: number, mtime: number): Buffer {
  if (!/^[\x21-\x7e]{1,100}$/.test(name) || name.startsWith('/') || name.split('/').includes('..')) {
    throw new TypeError(`tar member name ${JSON.stringify(name)} is not a safe relative ASCII path`);
  }
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'ascii');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h.write('0', 156, 1, 'ascii'); // typeflag: regular file
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii'); // uname
  h.write('root', 297, 32, 'ascii'); // gname
  let sum = 0;
  for (const b of h) sum += b;
  // Six octal digits, NUL, space: the historical spelling every tar accepts.
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/**
 * Serialises files into a ustar archive: per file a 512-byte header and the data padded to a
 * block boundary, then two zero blocks. `mtime` is in seconds since the epoch.
 */
export function writeTar(files: readonly TarFile[], mtime: number): Buffer {
  if (!Number.isSafeInteger(mtime) || mtime < 0) throw new TypeError('mtime must be a non-negative integer');
  const names = new Set<string>();
  const parts: Buffer[] = [];
  for (const f of files) {
    if (names.has(f.name)) throw new TypeError(`duplicate tar member ${f.name}`);
    names.add(f.name);
    parts.push(tarHeader(f.name, f.data.length, f.mode ?? 0o644, mtime), Buffer.from(f.data));
    const pad = (BLOCK - (f.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
