/**
 * Splits a byte stream into UTF-8 lines as they arrive (for `parley pii scan --jsonl`): a line is
 * yielded as soon as its newline is read, so output can follow input line by line. Input is
 * attacker-controlled: a line longer than the cap is not buffered; it is skipped up to its
 * newline and reported as too long, and invalid UTF-8 is reported, never replaced silently.
 */

/** One input line: its text, or why it cannot be read. `line` is 1-based. */
export type InputLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly error: 'line_too_long' | 'invalid_utf8' };

const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/** Lines of `chunks` (bytes or strings); a final line without a newline counts; CR LF is accepted. */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): InputLine => {
    line++;
    if (tooLong) return { line, error: 'line_too_long' };
    const bytes = concat(pending, pendingBytes);
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    try {
      return { line, text: decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return { line, error: 'invalid_utf8' };
    }
  };
  const append = (part: Uint8Array) => {
    if (tooLong) return;
    if (pendingBytes + part.length > maxLineBytes) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    let from = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl !== -1; nl = bytes.indexOf(NEWLINE, from)) {
      append(bytes.subarray(from, nl));
      yield finish();
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      from = nl + 1;
    }
    // Copy: a stream may reuse its chunk buffer after we return.
    if (from < bytes.length) append(bytes.slice(from));
  }
  if (pendingBytes > 0 || tooLong) yield finish();
}

/** Reads all of `chunks` up to `maxBytes`; undefined when there is more. */
export async function readAll(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) return undefined;
    parts.push(bytes.slice());
  }
  return concat(parts, total);
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
