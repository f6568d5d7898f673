import { describe, expect, it } from 'vitest';
import { type InputLine, readAll, readLines } from './lines.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}
const collect = async (it: AsyncIterable<InputLine>) => {
  const out: InputLine[] = [];
  for await (const l of it) out.push(l);
  return out;
};

describe('readLines', () => {
  it('splits on LF, accepts CR LF, keeps a last line without newline, and numbers lines', async () => {
    expect(await collect(readLines(chunks('a\r\nb', '\n\nc'), 100))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: '' },
      { line: 4, text: 'c' },
    ]);
  });

  it('reassembles a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('é😀\n');
    expect(
      await collect(readLines(chunks(bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4)), 100)),
    ).toEqual([{ line: 1, text: 'é😀' }]);
  });

  it('reports a line over the cap without keeping it, and goes on', async () => {
    expect(await collect(readLines(chunks('x'.repeat(6), 'xxxx\nok\n', 'yyyyyyyyyyyy'), 8))).toEqual([
      { line: 1, error: 'line_too_long' },
      { line: 2, text: 'ok' },
      { line: 3, error: 'line_too_long' },
    ]);
  });

  it('reports invalid UTF-8 for that line only', async () => {
    expect(await collect(readLines(chunks(new Uint8Array([0xff, 0x0a, 0x61])), 8))).toEqual([
      { line: 1, error: 'invalid_utf8' },
      { line: 2, text: 'a' },
    ]);
  });
});

describe('readAll', () => {
  it('returns the bytes up to the cap, undefined beyond it', async () => {
    expect(new TextDecoder().decode(await readAll(chunks('ab', 'c'), 3))).toBe('abc');
    expect(await readAll(chunks('ab', 'cd'), 3)).toBeUndefined();
  });
});
