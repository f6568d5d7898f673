import type { Command } from 'commander';
import { isAppError } from '../errors.js';
import { loadCatalog, modelPath } from '../inference/catalog.js';
import { verifyModelFile } from '../inference/verify.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

/** `parley models list|verify`. */
export function registerModels(program: Command, io: CliIo, exit: (code: number) => void): void {
  const models = program.command('models').description('Inspect and verify the model catalog');

  withCommonOptions(models.command('list').description('List cataloged models')).action(
    (flags: CommonFlags) => {
      const config = configFrom(io, flags);
      const catalog = loadCatalog(config.models.dir, config.models.catalog);
      io.stdout(`catalog: ${catalog.source}\n`);
      for (const m of catalog.models) {
        io.stdout(`${m.id}\t${m.role}\tctx=${m.contextSize}\t${m.chatTemplate}\t${modelPath(catalog, m)}\n`);
      }
    },
  );

  withCommonOptions(
    models.command('verify').description('Check every model file against its SHA-256'),
  ).action(async (flags: CommonFlags) => {
    const config = configFrom(io, flags);
    const catalog = loadCatalog(config.models.dir, config.models.catalog);
    let failures = 0;
    for (const m of catalog.models) {
      try {
        await verifyModelFile(modelPath(catalog, m), m.sha256);
        io.stdout(`ok\t${m.id}\t${m.sha256}\n`);
      } catch (err) {
        if (!isAppError(err)) throw err;
        failures++;
        io.stderr(`FAIL\t${m.id}\t${err.message}\n`);
      }
    }
    exit(failures === 0 ? 0 : 1);
  });
}
