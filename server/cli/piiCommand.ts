import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { BOUNDARIES, type Boundary } from '../pii/config.js';
import { createPiiEngine, type PiiEngine } from '../pii/engine.js';
import { isPiiError, MAX_INPUT_UTF16 } from '../pii/errors.js';
import { readAll, readLines } from '../pii/lines.js';
import { MemoryVault } from '../pii/operators/vault.js';
import type { Finding } from '../pii/types.js';
import { loadBundle } from '../policy/index.js';
import { resolvePolicyDir } from '../policyLocation.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

/**
 * `parley pii scan|mask` (issue 6). A stable contract for scripts and compliance tooling:
 *
 * - `scan` reads stdin and prints `{"entities":[{"entity_type","start","end","score"}]}`;
 *   offsets are Unicode code points of the input.
 * - `scan --jsonl` reads lines `{"id": ..., "text": "..."}` and writes one line
 *   `{"id": ..., "entities": [...]}` per input line, in order, as each line is read. A line that
 *   cannot be scanned (not JSON, no string `text`, too long, invalid UTF-8) gets, in its place,
 *   `{"id": <id or null>, "line": N, "error": {"code": "...", "message": "..."}}`; the other
 *   lines are still processed, and the exit code is then 1. Blank lines are skipped.
 * - `mask [--boundary prompt|storage|logs|export]` (default `export`) reads stdin and prints it
 *   masked with that boundary's operators. Placeholders of `pseudonymize` are numbered within
 *   the run; `hash` and `encrypt` use a key made for the run, so their output cannot be linked
 *   to, or decrypted in, any other run or the server.
 *
 * Input over 10 MiB (a whole stdin, or one line's text) is refused with `payload_too_large`.
 */

/** Bytes of stdin read at most for `scan` and `mask`: enough for any 10 MiB text. */
const MAX_STDIN_BYTES = 4 * MAX_INPUT_UTF16;
/** Bytes of one JSON line: its text may use \uXXXX escapes, six bytes per character. */
const MAX_LINE_BYTES = 6 * MAX_INPUT_UTF16 + 4096;

interface PiiFlags extends CommonFlags {
  policy?: string;
  jsonl?: boolean;
  boundary?: string;
}

/** Registers `parley pii`. */
export function registerPii(program: Command, io: CliIo, exit: (code: number) => void): void {
  const pii = program
    .command('pii')
    .description('Detect and mask personal data (PII/PHI) in text on stdin, as the policy says');

  withCommonOptions(pii.command('scan').description('Print the entities found in stdin as JSON'))
    .option('--policy <dir>', 'policy bundle directory (default: configured policy.dir)')
    .option('--jsonl', 'read {"id","text"} lines and write {"id","entities"} lines, streaming')
    .action(async (flags: PiiFlags) => {
      const engine = engineFor(io, flags);
      if (!flags.jsonl) {
        const text = await readStdinText(io);
        io.stdout(`${JSON.stringify({ entities: analyze(engine, text).map(entityJson) })}\n`);
        return;
      }
      let failed = false;
      for await (const input of readLines(stdinOf(io), MAX_LINE_BYTES)) {
        const out = scanLine(engine, input);
        if (out === undefined) continue;
        failed ||= 'error' in out;
        io.stdout(`${JSON.stringify(out)}\n`);
      }
      if (failed) exit(1);
    });

  withCommonOptions(pii.command('mask').description("Print stdin masked with a boundary's operators"))
    .option('--policy <dir>', 'policy bundle directory (default: configured policy.dir)')
    .option('--boundary <name>', `one of ${BOUNDARIES.join(', ')}`, 'export')
    .action(async (flags: PiiFlags) => {
      const boundary = flags.boundary ?? 'export';
      if (!(BOUNDARIES as readonly string[]).includes(boundary)) {
        throw new AppError('invalid_request', `--boundary must be one of ${BOUNDARIES.join(', ')}`);
      }
      const engine = engineFor(io, flags);
      const text = await readStdinText(io);
      const ctx = { vault: new MemoryVault(), hashKey: randomBytes(32), encryptionKey: randomBytes(32) };
      io.stdout(translate(() => engine.mask(text, boundary as Boundary, ctx)).text);
    });
}

function engineFor(io: CliIo, flags: PiiFlags): PiiEngine {
  const dir = flags.policy ?? resolvePolicyDir(configFrom(io, flags).policy.dir);
  return createPiiEngine(loadBundle(dir).pii);
}

const stdinOf = (io: CliIo): AsyncIterable<Uint8Array | string> => io.stdin?.() ?? (async function* () {})();

async function readStdinText(io: CliIo): Promise<string> {
  const bytes = await readAll(stdinOf(io), MAX_STDIN_BYTES);
  if (!bytes) throw new AppError('payload_too_large', `stdin is over ${MAX_STDIN_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_utf8', 'stdin is not valid UTF-8');
  }
}

const analyze = (engine: PiiEngine, text: string): Finding[] => translate(() => engine.analyze(text));

/** Engine errors as the CLI's AppErrors (printed alone, exit code 2). */
function translate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isPiiError(err, 'pii_input_too_large')) throw new AppError('payload_too_large', err.message);
    if (isPiiError(err)) throw new AppError('invalid_request', err.message);
    throw err;
  }
}

const entityJson = (f: Finding) => ({
  entity_type: f.entityType,
  start: f.start,
  end: f.end,
  score: f.score,
});

type LineOut =
  | { id: unknown; entities: ReturnType<typeof entityJson>[] }
  | { id: unknown; line: number; error: { code: string; message: string } };

function scanLine(
  engine: PiiEngine,
  input: { line: number; text: string } | { line: number; error: string },
): LineOut | undefined {
  const fail = (id: unknown, code: string, message: string): LineOut => ({
    id,
    line: input.line,
    error: { code, message },
  });
  if ('error' in input) {
    return input.error === 'line_too_long'
      ? fail(null, 'payload_too_large', `line is over ${MAX_LINE_BYTES} bytes`)
      : fail(null, 'invalid_utf8', 'line is not valid UTF-8');
  }
  if (input.text.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(input.text);
  } catch {
    return fail(null, 'invalid_json', 'line is not JSON');
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return fail(null, 'invalid_request', 'line is not a JSON object');
  }
  const { id = null, text } = record as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') return fail(id, 'invalid_request', '"text" must be a string');
  try {
    return { id, entities: analyze(engine, text).map(entityJson) };
  } catch (err) {
    if (err instanceof AppError) return fail(id, err.code, err.message);
    throw err;
  }
}
