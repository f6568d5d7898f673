// How the verifier reads a bundle: small members whole, the large ones (entries.jsonl,
// report.csv: a line per entry) as a sequence of chunks, so that a million entries are checked
// in constant memory. Synchronous on purpose: the checks are a pipeline of plain loops.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = 1 << 20;

/** The members of an extracted bundle. */
export interface BundleFiles {
  /** Whether the member exists. */
  has(name: string): boolean;
  /** The whole member (only for small ones), or undefined when absent. */
  read(name: string): Buffer | undefined;
  /** The member as chunks of any size, in order (empty when absent). */
  chunks(name: string): Iterable<Buffer>;
}

/** A bundle held in memory (tests, or a caller that extracted the tar itself). */
export function filesFromMap(map: ReadonlyMap<string, Buffer>): BundleFiles {
  return {
    has: (name) => map.has(name),
    read: (name) => map.get(name),
    *chunks(name) {
      const data = map.get(name);
      if (data) yield data;
    },
  };
}

/** A bundle extracted into `dir`; large members are read 1 MiB at a time. */
export function filesFromDir(dir: string): BundleFiles {
  return {
    has: (name) => existsSync(join(dir, name)),
    read: (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined),
    *chunks(name) {
      const p = join(dir, name);
      if (!existsSync(p)) return;
      const fd = openSync(p, 'r');
      try {
        for (;;) {
          const buf = Buffer.allocUnsafe(CHUNK);
          const n = readSync(fd, buf, 0, CHUNK, null);
          if (n === 0) return;
          yield buf.subarray(0, n);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Splits chunks on "\n", yielding each line's exact bytes (without the newline). A final line
 * without a newline is yielded too, flagged `unterminated`.
 */
export function* lines(chunks: Iterable<Buffer>): Generator<{ line: Buffer; unterminated: boolean }> {
  let carry: Buffer | undefined;
  for (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const part = chunk.subarray(start, nl);
      yield { line: carry ? Buffer.concat([carry, part]) : part, unterminated: false };
      carry = undefined;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      // Copied: the reader may reuse nothing, but a held slice would pin a whole 1 MiB chunk.
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
    }
  }
  if (carry) yield { line: carry, unterminated: true };
}
