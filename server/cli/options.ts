import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { CliIo } from './io.js';

/** Flags every data-touching command accepts. */
export interface CommonFlags {
  config?: string;
  dataDir?: string;
  modelsDir?: string;
  catalog?: string;
  logLevel?: string;
}

/** Adds `--config`, `--data-dir`, `--models-dir` and `--catalog` to a command. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'configuration file (default ./parley.yaml when present)')
    .option('--data-dir <dir>', 'data directory (default ./data)')
    .option('--models-dir <dir>', 'folder with catalog.yaml and model files (default ./models)')
    .option('--catalog <file>', 'model catalog file (default <models-dir>/catalog.yaml)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent');
}

/** Builds the frozen config from file, environment and these flags. */
export function configFrom(io: CliIo, flags: CommonFlags, extra: Record<string, unknown> = {}): Config {
  return loadConfig({
    cwd: io.cwd,
    env: io.env,
    file: flags.config,
    flags: {
      dataDir: flags.dataDir,
      models: { dir: flags.modelsDir, catalog: flags.catalog },
      log: { level: flags.logLevel },
      ...extra,
    },
  });
}

/** Parses an integer flag; commander hands strings. */
export function intFlag(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}
