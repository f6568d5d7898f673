import { Command, CommanderError } from 'commander';
import { setDefaultVerifierSource } from '../../audit/export/index.js';
import { isAppError } from '../errors.js';
import { verifierSource } from '../sea/verifierSource.js';
import { registerAudit } from './auditCommand.js';
import { registerDocs } from './docsCommand.js';
import { type CliIo, processIo } from './io.js';
import { registerModels } from './modelsCommand.js';
import { registerPii } from './piiCommand.js';
import { registerPolicy } from './policyCommand.js';
import { registerServe } from './serveCommand.js';
import { registerSessions } from './sessionCommand.js';
import { registerTokens } from './tokenCommand.js';
import { registerUsers } from './userCommand.js';

/**
 * The `parley` command line. Returns the exit code instead of exiting, so tests and the
 * single executable's bootstrap can call it. Expected failures (bad config, hash mismatch)
 * print their message alone; anything else prints the stack.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // Exports ship verify.mjs: the single executable's embedded copy, a compiled build's copy, or
  // (in the repository) one built now; production installs have no esbuild.
  setDefaultVerifierSource(verifierSource());
  let code = 0;
  const program = new Command('parley')
    .description('Parley: a self-hosted, privacy-first chat AI appliance')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  const setExit = (c: number) => {
    code = c;
  };
  registerServe(program, io, setExit);
  registerModels(program, io, setExit);
  registerTokens(program, io);
  registerPolicy(program, io, setExit);
  registerUsers(program, io);
  registerSessions(program, io);
  registerAudit(program, io, setExit);
  registerPii(program, io, setExit);
  registerDocs(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isAppError(err)) {
      io.stderr(`parley: ${err.message}\n`);
      return 2;
    }
    io.stderr(`parley: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
