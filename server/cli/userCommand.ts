import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { grantRole, listRoles, revokeRole } from '../commands/userRoles.js';
import { loadBundle } from '../policy/index.js';
import type { CliIo } from './io.js';
import { operator, withDb } from './operator.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

type RoleFlags = CommonFlags & { user: string; role: string };

/** `parley user role grant|revoke|list`: local role assignment (beside IdP group mapping). */
export function registerUsers(program: Command, io: CliIo): void {
  const role = program
    .command('user')
    .description('Manage local users')
    .command('role')
    .description('Local roles');

  withCommonOptions(role.command('grant').description('Assign a role defined in the policy bundle'))
    .requiredOption('--user <name>', 'user name')
    .requiredOption('--role <role>', 'role from rbac.yaml')
    .action((flags: RoleFlags) => {
      const policy = loadBundle(configFrom(io, flags).policy.dir);
      const changed = withDb(io, flags, (db) =>
        grantRole({ db, clock: systemClock, policy }, operator(), { username: flags.user, role: flags.role }),
      );
      io.stdout(
        changed ? `granted ${flags.role} to ${flags.user}\n` : `${flags.user} already has ${flags.role}\n`,
      );
    });

  withCommonOptions(role.command('revoke').description('Remove a locally assigned role'))
    .requiredOption('--user <name>', 'user name')
    .requiredOption('--role <role>', 'role')
    .action((flags: RoleFlags) => {
      const changed = withDb(io, flags, (db) =>
        revokeRole({ db }, operator(), { username: flags.user, role: flags.role }),
      );
      io.stdout(
        changed ? `revoked ${flags.role} from ${flags.user}\n` : `${flags.user} did not have ${flags.role}\n`,
      );
    });

  withCommonOptions(role.command('list').description("List a user's local roles"))
    .requiredOption('--user <name>', 'user name')
    .action((flags: CommonFlags & { user: string }) => {
      const roles = withDb(io, flags, (db) => listRoles({ db }, operator(), flags.user));
      io.stdout(`${roles.join('\n')}${roles.length ? '\n' : ''}`);
    });
}
