import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { createApiToken, listTokens, revokeApiTokenById } from '../commands/apiTokens.js';
import { AppError } from '../errors.js';
import { withAdmin } from './cliAudit.js';
import { parseDuration } from './duration.js';
import type { CliIo } from './io.js';
import { operator, withDb } from './operator.js';
import { type CommonFlags, withCommonOptions } from './options.js';

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** `parley token create|revoke|list`. */
export function registerTokens(program: Command, io: CliIo): void {
  const token = program.command('token').description('Manage API tokens');

  withCommonOptions(
    token.command('create').description('Create a token; it is printed once, only its hash is kept'),
  )
    .requiredOption('--user <name>', 'user the token acts as (created if new)')
    .option('--expires <duration>', 'lifetime such as 12h, 30d, 2w (default: no expiry)')
    .option('--label <text>', 'note shown in `token list`')
    .action(async (flags: CommonFlags & { user: string; expires?: string; label?: string }) => {
      const expiresInMs = flags.expires === undefined ? undefined : parseDuration(flags.expires);
      if (flags.expires !== undefined && expiresInMs === undefined) {
        throw new AppError(
          'invalid_request',
          `--expires ${flags.expires}: use a number and s, m, h, d or w (e.g. 30d)`,
        );
      }
      const created = await withAdmin(io, flags, ({ db, audit }) =>
        createApiToken({ db, clock: systemClock, audit }, operator(), {
          username: flags.user,
          expiresInMs,
          label: flags.label,
        }),
      );
      io.stderr(
        `token ${created.id} for ${flags.user}, expires ${iso(created.expiresAt)}; it will not be shown again\n`,
      );
      io.stdout(`${created.token}\n`);
    });

  withCommonOptions(
    token.command('revoke').description('Revoke a token by id').argument('<id>', 'token id (tok_...)'),
  ).action(async (id: string, flags: CommonFlags) => {
    await withAdmin(io, flags, ({ db, audit }) =>
      revokeApiTokenById({ db, clock: systemClock, audit }, operator(), id),
    );
    io.stdout(`revoked ${id}\n`);
  });

  withCommonOptions(token.command('list').description('List tokens (never their secrets)'))
    .option('--user <name>', 'only this user')
    .action((flags: CommonFlags & { user?: string }) => {
      const rows = withDb(io, flags, (db) => listTokens({ db }, operator(), flags.user));
      io.stdout('id\tuser\tcreated\texpires\trevoked\tlast_used\tlabel\n');
      for (const r of rows) {
        io.stdout(
          `${r.id}\t${r.username}\t${iso(r.created_at)}\t${iso(r.expires_at)}\t${iso(r.revoked_at)}\t${iso(r.last_used_at)}\t${r.label ?? ''}\n`,
        );
      }
    });
}
