import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One file to put in a test ZIP; the `declared*` fields let a test lie in the headers. */
export interface ZipInput {
  name: string;
  /** The content, or data already deflated (with its real size), for entries too big to hold. */
  data: Uint8Array | string | Deflated;
  /** Defaults to deflate. */
  method?: 'store' | 'deflate';
  /** Uncompressed size to write in the headers instead of the real one. */
  declaredSize?: number;
  /** General-purpose flags (bit 0 = encrypted). */
  flags?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** Raw deflate data and the size it inflates to. */
export interface Deflated {
  deflated: Buffer;
  size: number;
}

/**
 * `size` zero bytes, deflated as a stream (a 1 GiB bomb never exists in memory). Deflate
 * compresses zeros about 1030:1, the format's ceiling.
 */
export async function deflatedZeros(size: number): Promise<Deflated> {
  const zeros = Buffer.alloc(1024 * 1024);
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => {
    d.on('end', resolve);
    d.on('error', reject);
  });
  for (let left = size; left > 0; left -= zeros.length) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left);
    if (!d.write(chunk)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await ended;
  return { deflated: Buffer.concat(out), size };
}

/** CRC-32 (ISO 3309), as ZIP stores it. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Writes a ZIP archive (APPNOTE.TXT 4.3) in memory: local headers, data, central directory,
 * end record. Small and explicit so that tests can build DOCX files and hostile archives.
 */
export function writeZip(files: readonly ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const pre = typeof f.data === 'object' && 'deflated' in f.data ? f.data : undefined;
    const data = pre
      ? Buffer.alloc(0)
      : typeof f.data === 'string'
        ? Buffer.from(f.data, 'utf8')
        : Buffer.from(f.data as Uint8Array);
    const method = f.method === 'store' && !pre ? 0 : 8;
    const body = pre ? pre.deflated : method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const name = Buffer.from(f.name, 'utf8');
    const size = f.declaredSize ?? pre?.size ?? data.length;
    // Bombs carry no real CRC: nobody should get far enough to check it.
    const crc = pre ? 0 : crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE((f.flags ?? 0) | 0x0800, 6); // bit 11: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE((f.flags ?? 0) | 0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
