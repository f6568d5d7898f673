/**
 * Checks on a policy file's raw bytes and token stream that run BEFORE the YAML parser sees
 * it. Policy files are author-controlled, and on a multi-admin appliance "author" includes
 * someone who can only open a pull request: the loader must refuse hostile input with a
 * clear message, never hang, crash or exhaust memory.
 */
import { CST, Lexer } from 'yaml';

/** Files over this size are refused before being read in full (the default bundle is ~10 KiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Refuse structures nested deeper than this. The yaml composer recurses once per level and a
 * 40 KB line of `[` overflows the stack (and with pretty errors, the heap), so depth is bounded
 * from the token stream first. The estimate (flow brackets + `-`/`?` indicators on the line +
 * indentation columns) is an upper bound of the real depth; real policies stay below 30.
 */
export const MAX_NESTING = 100;

/** A position-less problem found in raw input: a UTF-16 offset into the decoded text. */
export interface RawProblem {
  readonly offset: number;
  readonly message: string;
}

/**
 * Decodes UTF-8 strictly. Returns the text, or the problem (NUL bytes, invalid UTF-8 or
 * control characters, with their place) that makes the file unacceptable.
 */
export function decodePolicyText(bytes: Buffer): { text: string } | { problem: RawProblem } {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      problem: { offset: bytes.subarray(0, nul).toString('utf8').length, message: 'NUL byte (binary file?)' },
    };
  }
  const text = bytes.toString('utf8');
  // Valid UTF-8 round-trips byte for byte; the first difference is the first invalid sequence.
  const again = Buffer.from(text, 'utf8');
  if (!again.equals(bytes)) {
    let i = 0;
    while (i < bytes.length && bytes[i] === again[i]) i++;
    return { problem: { offset: bytes.subarray(0, i).toString('utf8').length, message: 'invalid UTF-8' } };
  }
  // YAML forbids C0 controls except tab and line breaks; the yaml lexer also uses some of them
  // as internal markers, which must never come from the input.
  const control = firstControlCharacter(text);
  if (control >= 0) {
    const code = text.charCodeAt(control).toString(16).padStart(4, '0');
    return { problem: { offset: control, message: `control character U+${code.toUpperCase()} not allowed` } };
  }
  return { text };
}

function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}

/** The first place where the nesting estimate exceeds {@link MAX_NESTING}, if any. */
export function findExcessiveNesting(text: string): RawProblem | undefined {
  let offset = 0;
  let flow = 0;
  let indicators = 0;
  let indent = 0;
  let lineStart = true;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Marker tokens (document, scalar, flow-error-end) are not in the source; the token after
    // a scalar marker is scalar text (a block scalar's lines look like `space`).
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'scalar') {
      scalarNext = true;
      continue;
    }
    if (!scalarNext) {
      if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
      else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
      else if (type === 'seq-item-ind' || type === 'explicit-key-ind') indicators++;
      else if (type === 'space' && lineStart) indent = token.length;
      if (flow + indicators + indent > MAX_NESTING) {
        return { offset, message: `nested too deeply (limit ${MAX_NESTING} levels)` };
      }
    }
    if (type === 'newline') {
      indicators = 0;
      indent = 0;
      lineStart = true;
    } else if (type !== 'space') {
      lineStart = false;
    }
    scalarNext = false;
    offset += token.length;
  }
  return undefined;
}
