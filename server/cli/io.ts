/** Where the CLI writes and what it reads from its environment; injectable for tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT). */
  stopSignal: () => Promise<string>;
  /** Calls `fn` whenever the process is asked to reload (SIGHUP). */
  onReload?: (fn: () => void) => void;
  /** Standard input as chunks, for commands that read it (`parley pii`); absent: none. */
  stdin?: () => AsyncIterable<Uint8Array | string>;
}

/** The real process's streams, environment and signals. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    stopSignal: () =>
      new Promise((resolve) => {
        for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve(sig));
      }),
    onReload: (fn) => {
      process.on('SIGHUP', fn);
    },
    // A function, so that process.stdin (which opens fd 0) is only touched by commands that read it.
    stdin: () => process.stdin,
  };
}
