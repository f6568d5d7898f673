import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { listSessions, revokeSession, revokeSessionsOfUser } from '../commands/sessions.js';
import { AppError } from '../errors.js';
import { withAdmin } from './cliAudit.js';
import type { CliIo } from './io.js';
import { operator, withDb } from './operator.js';
import { type CommonFlags, withCommonOptions } from './options.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** `parley session list|revoke`: the same as the admin API, for the server's console. */
export function registerSessions(program: Command, io: CliIo): void {
  const session = program.command('session').description('List and end browser sessions');

  withCommonOptions(session.command('list').description('Live sessions, newest first'))
    .option('--user <name>', 'only this user')
    .action((flags: CommonFlags & { user?: string }) => {
      const rows = withDb(io, flags, (db) =>
        listSessions({ db, clock: systemClock }, operator(), flags.user),
      );
      io.stdout('id\tuser\tmethod\tcreated\tlast_seen\texpires\n');
      for (const r of rows) {
        io.stdout(
          `${r.public_id}\t${r.username}\t${r.auth_method}\t${iso(r.created_at)}\t${iso(r.last_seen_at)}\t${iso(r.expires_at)}\n`,
        );
      }
    });

  withCommonOptions(
    session.command('revoke').description("End a session (by id) or all of a user's sessions"),
  )
    .argument('[id]', 'session id (ses_...)')
    .option('--user <name>', 'end every session of this user')
    .action(async (id: string | undefined, flags: CommonFlags & { user?: string }) => {
      if ((id === undefined) === (flags.user === undefined)) {
        throw new AppError('invalid_request', 'Give either a session id or --user, not both.');
      }
      await withAdmin(io, flags, async ({ db, audit }) => {
        const deps = { db, clock: systemClock, audit };
        if (id !== undefined) {
          await revokeSession(deps, operator(), id);
          io.stdout(`revoked ${id}\n`);
        } else {
          const count = await revokeSessionsOfUser(deps, operator(), flags.user as string);
          io.stdout(`revoked ${count} session(s)\n`);
        }
      });
    });
}
