import type { Command } from 'commander';
import { loadSecretBox } from '../auth/local/secretBox.js';
import { systemClock } from '../clock.js';
import { createLocalUser, resetMfa, unlockAccount } from '../commands/localAccounts.js';
import { beginMfaEnrollment, confirmMfaEnrollment } from '../commands/localMfa.js';
import { grantRole, listRoles, revokeRole } from '../commands/userRoles.js';
import { AppError } from '../errors.js';
import { bundleRoles, loadBundle } from '../policy/index.js';
import { resolvePolicyDir } from '../policyLocation.js';
import { appDatabasePath, type Db, openDatabase } from '../storage/db.js';
import { findUserByUsername } from '../storage/users.js';
import { withAdmin } from './cliAudit.js';
import type { CliIo } from './io.js';
import { operator, withDb } from './operator.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';
import { readNewPassword } from './password.js';

type RoleFlags = CommonFlags & { user: string; role: string };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `parley user create|unlock|mfa|role`: local accounts and role assignment. */
export function registerUsers(program: Command, io: CliIo): void {
  const user = program.command('user').description('Manage local users');

  withCommonOptions(user.command('create').description('Create a local (break-glass) account'))
    .requiredOption('--username <name>', 'user name')
    .option('--role <role>', 'role from rbac.yaml (repeatable)', collect)
    .option('--password-file <file>', 'read the password from this file (else an interactive prompt)')
    .action(async (flags: CommonFlags & { username: string; role?: string[]; passwordFile?: string }) => {
      const config = configFrom(io, flags);
      const policy = loadBundle(resolvePolicyDir(config.policy.dir));
      const roles = flags.role ?? [];
      const unknown = roles.filter((r) => !bundleRoles(policy).includes(r));
      if (unknown.length > 0) {
        throw new AppError('invalid_request', `Roles not in the policy bundle: ${unknown.join(', ')}`);
      }
      const password = await readNewPassword(flags.passwordFile);
      await withAdmin(io, flags, ({ db, audit }) =>
        createLocalUser({ db, clock: systemClock, config: config.auth.local, audit }, operator(), {
          username: flags.username,
          password,
          roles,
        }),
      );
      io.stdout(`created ${flags.username}${roles.length ? ` with ${roles.join(', ')}` : ''}\n`);
    });

  withCommonOptions(user.command('unlock').description('Lift a sign-in lock of a local account'))
    .requiredOption('--user <name>', 'user name')
    .action(async (flags: CommonFlags & { user: string }) => {
      await withAdmin(io, flags, ({ db, audit }) => unlockAccount({ db, audit }, operator(), flags.user));
      io.stdout(`unlocked ${flags.user}\n`);
    });

  registerMfa(user, io);
  const role = user.command('role').description('Local roles');

  withCommonOptions(role.command('grant').description('Assign a role defined in the policy bundle'))
    .requiredOption('--user <name>', 'user name')
    .requiredOption('--role <role>', 'role from rbac.yaml')
    .action(async (flags: RoleFlags) => {
      const policy = loadBundle(resolvePolicyDir(configFrom(io, flags).policy.dir));
      const changed = await withAdmin(io, flags, ({ db, audit }) =>
        grantRole({ db, clock: systemClock, policy, audit }, operator(), {
          username: flags.user,
          role: flags.role,
        }),
      );
      io.stdout(
        changed ? `granted ${flags.role} to ${flags.user}\n` : `${flags.user} already has ${flags.role}\n`,
      );
    });

  withCommonOptions(role.command('revoke').description('Remove a locally assigned role'))
    .requiredOption('--user <name>', 'user name')
    .requiredOption('--role <role>', 'role')
    .action(async (flags: RoleFlags) => {
      const changed = await withAdmin(io, flags, ({ db, audit }) =>
        revokeRole({ db, audit }, operator(), { username: flags.user, role: flags.role }),
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

function localUserId(db: Db, username: string): string {
  const found = findUserByUsername(db, username);
  if (!found) throw new AppError('user_not_found', `No user ${username}.`);
  return found.id;
}

/** `parley user mfa enroll|confirm|reset`, for accounts administered on the server itself. */
function registerMfa(user: Command, io: CliIo): void {
  const mfa = user.command('mfa').description('Multi-factor authentication of local accounts');
  withCommonOptions(
    mfa.command('enroll').description('Start TOTP enrolment: shows the secret once, as a QR code'),
  )
    .requiredOption('--user <name>', 'user name')
    .action(async (flags: CommonFlags & { user: string }) => {
      const config = configFrom(io, flags);
      const db = openDatabase(appDatabasePath(config.dataDir));
      try {
        const box = loadSecretBox(config.auth.secretKeyFile as string);
        const e = await beginMfaEnrollment({ db, clock: systemClock, box }, localUserId(db, flags.user));
        io.stdout(
          `${e.qrTerminal}\n${e.otpauthUri}\nConfirm with: parley user mfa confirm --user ${flags.user} --code CODE\n`,
        );
      } finally {
        db.close();
      }
    });
  withCommonOptions(
    mfa.command('confirm').description('Activate TOTP with a current code; prints recovery codes once'),
  )
    .requiredOption('--user <name>', 'user name')
    .requiredOption('--code <digits>', 'current six-digit code')
    .action(async (flags: CommonFlags & { user: string; code: string }) => {
      await withAdmin(io, flags, async ({ config, db, audit }) => {
        const box = loadSecretBox(config.auth.secretKeyFile as string);
        const deps = { db, clock: systemClock, box, audit };
        const { recoveryCodes } = await confirmMfaEnrollment(deps, localUserId(db, flags.user), flags.code);
        io.stdout(
          `MFA active. Recovery codes (each works once; store them safely):\n${recoveryCodes.join('\n')}\n`,
        );
      });
    });
  withCommonOptions(mfa.command('reset').description('Turn MFA off for a user who lost their device'))
    .requiredOption('--user <name>', 'user name')
    .action(async (flags: CommonFlags & { user: string }) => {
      await withAdmin(io, flags, ({ db, audit }) =>
        resetMfa({ db, clock: systemClock, audit }, operator(), flags.user),
      );
      io.stdout(`MFA reset for ${flags.user}; they must enrol again\n`);
    });
}
