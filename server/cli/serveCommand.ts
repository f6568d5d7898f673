import type { Command } from 'commander';
import { startServer } from '../serve.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom, intFlag, withCommonOptions } from './options.js';

interface ServeFlags extends CommonFlags {
  host?: string;
  port?: string;
  threads?: string;
  sequences?: string;
}

/** `parley serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully. */
export function registerServe(program: Command, io: CliIo, exit: (code: number) => void): void {
  withCommonOptions(program.command('serve').description('Start the Parley server'))
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'TCP port, 0 for any free port (default 8080)')
    .option('--threads <n>', 'inference threads, or "auto" (never more than the CPUs available)')
    .option('--sequences <n>', 'concurrent generations per model context')
    .action(async (flags: ServeFlags) => {
      const config = configFrom(io, flags, {
        server: { host: flags.host, port: intFlag(flags.port) },
        inference: { threads: intFlag(flags.threads), sequences: intFlag(flags.sequences) },
      });
      const running = await startServer(config);
      // SIGHUP reloads the policy bundle (a failed reload keeps the old one, logged and audited)
      // and re-verifies the audit log (after `parley audit acknowledge`).
      io.onReload?.(() => {
        running.recheckAudit();
        running.reloadPolicy().catch((err: unknown) => {
          running.deps.logger.error(
            { err },
            'policy reload could not be audited; the new bundle is in force',
          );
        });
      });
      const signal = await io.stopSignal();
      running.deps.logger.info({ signal }, 'shutting down');
      await running.close();
      exit(0);
    });
}
