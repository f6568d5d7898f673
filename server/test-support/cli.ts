import type { CliIo } from '../cli/io.js';
import { main } from '../cli/main.js';

/** Runs the real CLI in-process with collected output, as a shell would see it. */
export async function runCli(
  argv: string[],
  opts: {
    cwd: string;
    env?: Record<string, string>;
    /** Standard input: one string, or chunks delivered one by one (default: empty). */
    stdin?: string | readonly (string | Uint8Array)[];
  },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: opts.env ?? {},
    cwd: opts.cwd,
    // `serve` would wait for this; tests that serve spawn a real process instead.
    stopSignal: () => new Promise<string>(() => {}),
    stdin: async function* () {
      const chunks = typeof opts.stdin === 'string' ? [opts.stdin] : (opts.stdin ?? []);
      for (const chunk of chunks) yield chunk;
    },
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
