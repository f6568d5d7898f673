import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { auditOrigin, auditPaths, loadOrCreateAuditKey } from '../audit/files.js';
import { findAcknowledgement } from '../audit/health.js';
import { eraseAuditSubject } from '../commands/eraseSubject.js';
import { exportAudit } from '../commands/exportAudit.js';
import { revealPersonal } from '../commands/revealPersonal.js';
import { searchAudit } from '../commands/searchAudit.js';
import { verifyAudit } from '../commands/verifyAudit.js';
import { AppError } from '../errors.js';
import { presentAuditVerification } from '../presenters/auditVerification.js';
import { readServerState } from '../serverState.js';
import { withAdmin } from './cliAudit.js';
import type { CliIo } from './io.js';
import { operator } from './operator.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

type SearchFlags = CommonFlags & {
  from?: string;
  to?: string;
  user?: string;
  actor?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'error';
  objectType?: string;
  objectId?: string;
  cursor?: string;
  limit: string;
};

/** Refuses to create an empty log by accident: these commands read an existing one. */
function requireLog(io: CliIo, flags: CommonFlags): void {
  const { db } = auditPaths(configFrom(io, flags).dataDir);
  if (!existsSync(db)) throw new AppError('not_found', `No audit log at ${db}.`);
}

/** `parley audit pubkey|verify|export|search|acknowledge`: compliance tools over the audit log. */
export function registerAudit(program: Command, io: CliIo, exit: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description('Verify, search and export the tamper-evident audit log');

  withCommonOptions(
    audit.command('pubkey').description('Print the checkpoint-signing public key (vkey)'),
  ).action((flags: CommonFlags) => {
    const config = configFrom(io, flags);
    const key = loadOrCreateAuditKey(
      auditPaths(config.dataDir).signingKey,
      auditOrigin(config.audit.applianceId),
    );
    io.stdout(`${key.vkey}\nkey id: ${key.signer.keyId.toString('hex')}\n`);
  });

  withCommonOptions(
    audit.command('verify').description('Recompute every leaf, the chain, the tree and checkpoints'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (flags: CommonFlags & { json?: boolean }) => {
      requireLog(io, flags);
      const result = await withAdmin(io, flags, ({ audit, auditLog }) =>
        verifyAudit({ auditLog }, (e) => audit.record({ ...e, actor: operator() })),
      );
      if (flags.json) io.stdout(`${JSON.stringify(presentAuditVerification(result))}\n`);
      else if (result.ok)
        io.stdout(
          `ok: ${result.entries} entries, root ${result.root}, last checkpoint ${result.lastCheckpoint}\n` +
            `personal details: ${result.personal.sealed} sealed, ${result.personal.redacted} redacted (erased)\n`,
        );
      else io.stdout(`INVALID at seq ${result.firstBadSeq}: ${result.reason}: ${result.detail}\n`);
      exit(result.ok ? 0 : 1);
    });

  withCommonOptions(audit.command('export').description('Write a verifiable bundle (.tar) of a period'))
    .requiredOption('--out <file>', 'the .tar to create')
    .option('--from <time>', 'first time included (ISO 8601)')
    .option('--to <time>', 'first time excluded (ISO 8601)')
    .action(async (flags: CommonFlags & { out: string; from?: string; to?: string }) => {
      requireLog(io, flags);
      const outFile = path.resolve(io.cwd, flags.out);
      const result = await withAdmin(io, flags, ({ audit, auditLog }) =>
        exportAudit({ auditLog }, (e) => audit.record({ ...e, actor: operator() }), {
          from: flags.from,
          to: flags.to,
          outFile,
        }),
      );
      io.stdout(
        `exported entries ${result.from}..${result.to - 1} of ${result.treeSize} to ${result.outFile} (sha256 ${result.sha256})\n`,
      );
    });

  withCommonOptions(audit.command('search').description('Find entries; prints one JSON entry per line'))
    .option('--from <time>', 'first time included (ISO 8601)')
    .option('--to <time>', 'first time excluded (ISO 8601)')
    .option('--user <name>', "a user's entries (searched by their pseudonym)")
    .option('--actor <id>', 'a 64-hex pseudonym or a component name')
    .option('--action <action>', 'an action of the vocabulary (FORMAT.md §6)')
    .option('--outcome <outcome>', 'success, denied or error')
    .option('--object-type <type>', 'object type')
    .option('--object-id <id>', 'object id (a user id for user objects)')
    .option('--cursor <seq>', 'continue after this seq (printed at the end of a page)')
    .option('--limit <n>', 'entries per page (1-1000)', '100')
    .action(async (flags: SearchFlags) => {
      requireLog(io, flags);
      const limit = Number(flags.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
        throw new AppError('invalid_request', '--limit must be 1 to 1000.');
      const cursor = flags.cursor === undefined ? undefined : Number(flags.cursor);
      if (cursor !== undefined && !Number.isSafeInteger(cursor))
        throw new AppError('invalid_request', '--cursor must be a seq printed by an earlier search.');
      const page = await withAdmin(io, flags, ({ db, audit, auditLog }) =>
        searchAudit({ db, audit, auditLog }, operator(), {
          from: flags.from,
          to: flags.to,
          user: flags.user,
          actor: flags.actor,
          action: flags.action,
          outcome: flags.outcome,
          objectType: flags.objectType,
          objectId: flags.objectId,
          after: cursor,
          limit,
        }),
      );
      for (const e of page.entries) io.stdout(`${JSON.stringify(e)}\n`);
      if (page.nextCursor !== null) io.stderr(`more: --cursor ${page.nextCursor}\n`);
    });

  withCommonOptions(
    audit.command('erase').description("GDPR Art. 17: destroy a person's sealed personal details in the log"),
  )
    .requiredOption('--user <name>', 'the person to erase')
    .action(async (flags: CommonFlags & { user: string }) => {
      requireLog(io, flags);
      const { rows } = await withAdmin(io, flags, ({ db, auditLog }) =>
        eraseAuditSubject({ db, auditLog }, operator(), flags.user),
      );
      io.stdout(`erased ${rows} sealed record(s) of ${flags.user}; their entries stay and still verify\n`);
    });

  withCommonOptions(
    audit.command('reveal').description("Open one entry's sealed personal details (recorded as a read)"),
  )
    .requiredOption('--seq <n>', 'entry seq')
    .action(async (flags: CommonFlags & { seq: string }) => {
      requireLog(io, flags);
      const seq = Number(flags.seq);
      if (!Number.isSafeInteger(seq) || seq < 0)
        throw new AppError('invalid_request', '--seq must be an entry seq.');
      const details = await withAdmin(io, flags, ({ auditLog }) =>
        revealPersonal({ auditLog }, operator(), seq),
      );
      io.stdout(
        `${JSON.stringify(details === null ? { seq, personal: null } : { seq, personal: details })}\n`,
      );
    });

  withCommonOptions(
    audit
      .command('acknowledge')
      .description('Record that an operator has seen a verification failure, so the server serves again'),
  ).action(async (flags: CommonFlags) => {
    requireLog(io, flags);
    const outcome = await withAdmin(io, flags, async ({ audit, auditLog }) => {
      const result = await verifyAudit({ auditLog }, (e) => audit.record({ ...e, actor: operator() }));
      if (result.ok) return 'nothing';
      if (findAcknowledgement(auditLog.store, result.firstBadSeq, result.reason) !== undefined)
        return `already acknowledged: seq ${result.firstBadSeq} (${result.reason})`;
      await audit.record({
        action: 'audit.acknowledged',
        actor: operator(),
        object: { type: 'audit_log', id: 'audit' },
        details: { first_bad_seq: result.firstBadSeq, reason: result.reason },
      });
      return `acknowledged: seq ${result.firstBadSeq} (${result.reason}): ${result.detail}`;
    });
    if (outcome === 'nothing') {
      io.stdout('the audit log verifies; nothing to acknowledge\n');
      return;
    }
    io.stdout(`${outcome}\n`);
    // A running server re-verifies on SIGHUP and serves again once the failure is acknowledged.
    const server = readServerState(configFrom(io, flags).dataDir);
    if (server) {
      process.kill(server.pid, 'SIGHUP');
      io.stdout(`asked the running server (pid ${server.pid}) to re-verify\n`);
    }
  });
}
