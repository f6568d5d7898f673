// Streams a ustar archive (see tar.ts) into a new file, so that a bundle of a million entries is
// never held in memory: a member's header is written with size 0, its data follows in pieces,
// and the header is rewritten in place once the size is known. Each member's SHA-256 is
// computed on the way, for manifest.json.
import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { BLOCK, tarHeader } from './tar.js';

const FLUSH_AT = 1 << 20;

/** An archive being written; `finish()` or `abort()` must be called. */
export class TarWriter {
  readonly #fh: FileHandle;
  readonly #file: string;
  readonly #mtime: number;
  readonly #names = new Set<string>();
  #pos = 0;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #member: { name: string; mode: number; at: number; size: number; hash: Hash } | undefined;

  private constructor(fh: FileHandle, file: string, mtime: number) {
    this.#fh = fh;
    this.#file = file;
    this.#mtime = mtime;
  }

  /** Creates `file` (never overwriting: EEXIST) with mode 0640; `mtime` in seconds. */
  static async create(file: string, mtime: number): Promise<TarWriter> {
    if (!Number.isSafeInteger(mtime) || mtime < 0)
      throw new TypeError('mtime must be a non-negative integer');
    return new TarWriter(await open(file, 'wx', 0o640), file, mtime);
  }

  /** Starts a member; its data follows through `write`, then `end`. */
  begin(name: string, mode = 0o644): void {
    if (this.#member) throw new Error(`tar member ${this.#member.name} is still open`);
    if (this.#names.has(name)) throw new TypeError(`duplicate tar member ${name}`);
    tarHeader(name, 0, mode, this.#mtime); // validates the name before anything is written
    this.#names.add(name);
    this.#member = { name, mode, at: this.#pos + this.#pendingBytes, size: 0, hash: createHash('sha256') };
    this.#queue(Buffer.alloc(BLOCK));
  }

  /** Queues data for the open member without writing; call `drain()` now and then. */
  push(data: Buffer | string): void {
    const m = this.#member;
    if (!m) throw new Error('no open tar member');
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    m.hash.update(buf);
    m.size += buf.length;
    this.#queue(buf);
  }

  /** Writes queued data once a MiB has built up (bounded memory); a no-op below that. */
  async drain(): Promise<void> {
    if (this.#pendingBytes >= FLUSH_AT) await this.#flush();
  }

  /** Appends data to the open member (`push` then `drain`). */
  async write(data: Buffer | string): Promise<void> {
    this.push(data);
    await this.drain();
  }

  /** Pads and closes the open member, fixes its header; returns its SHA-256 (hex). */
  async end(): Promise<string> {
    const m = this.#member;
    if (!m) throw new Error('no open tar member');
    this.#member = undefined;
    const pad = (BLOCK - (m.size % BLOCK)) % BLOCK;
    if (pad > 0) this.#queue(Buffer.alloc(pad));
    await this.#flush();
    await this.#writeAt(tarHeader(m.name, m.size, m.mode, this.#mtime), m.at);
    return m.hash.digest('hex');
  }

  /** A whole member at once; returns its SHA-256 (hex). */
  async add(name: string, data: Buffer, mode?: number): Promise<string> {
    this.begin(name, mode);
    await this.write(data);
    return this.end();
  }

  /** Writes the end-of-archive blocks, syncs and closes the file. */
  async finish(): Promise<void> {
    if (this.#member) throw new Error(`tar member ${this.#member.name} is still open`);
    this.#queue(Buffer.alloc(2 * BLOCK));
    await this.#flush();
    await this.#fh.sync();
    await this.#fh.close();
  }

  /** Closes and deletes the partial file (best effort: the original error matters more). */
  async abort(): Promise<void> {
    await this.#fh.close().catch(() => undefined);
    await unlink(this.#file).catch(() => undefined);
  }

  #queue(buf: Buffer): void {
    this.#pending.push(buf);
    this.#pendingBytes += buf.length;
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const chunk = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#writeAt(chunk, this.#pos);
    this.#pos += chunk.length;
  }

  async #writeAt(buf: Buffer, position: number): Promise<void> {
    for (let off = 0; off < buf.length; ) {
      const { bytesWritten } = await this.#fh.write(buf, off, buf.length - off, position + off);
      off += bytesWritten;
    }
  }
}
