import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { exportBundle } from '../../audit/export/index.js';
import { type AuditStore, openAuditStore } from '../../audit/store/index.js';
import { auditOrigin, auditPaths, loadOrCreateAuditKey } from '../audit/files.js';
import { AppError } from '../errors.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom, withCommonOptions } from './options.js';

/** Opens the data directory's audit store for one command. */
function withStore<T>(io: CliIo, flags: CommonFlags, fn: (store: AuditStore, origin: string) => T): T {
  const config = configFrom(io, flags);
  const { db } = auditPaths(config.dataDir);
  if (!existsSync(db)) throw new AppError('not_found', `No audit log at ${db}.`);
  const store = openAuditStore(db);
  try {
    return fn(store, auditOrigin(config.audit.applianceId));
  } finally {
    store.close();
  }
}

/** The seq range whose `ts` falls in [from, to), scanning the log (attacker-free: our own file). */
function seqRangeForTimes(store: AuditStore, from?: string, to?: string): { from: number; to: number } {
  const lo = from ? Date.parse(from) : Number.NEGATIVE_INFINITY;
  const hi = to ? Date.parse(to) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(lo) || Number.isNaN(hi))
    throw new AppError('invalid_request', '--from/--to must be ISO 8601 times.');
  let first = -1;
  let last = -1;
  for (const e of store.range(0, store.size())) {
    const ts = Date.parse((JSON.parse(e.body.toString('utf8')) as { ts: string }).ts);
    if (ts >= lo && ts < hi) {
      if (first < 0) first = e.seq;
      last = e.seq;
    }
  }
  if (first < 0) throw new AppError('not_found', 'No audit entries in that period.');
  return { from: first, to: last + 1 };
}

/** `parley audit pubkey|verify|export`: the compliance officer's tools over the audit log. */
export function registerAudit(program: Command, io: CliIo, exit: (code: number) => void): void {
  const audit = program.command('audit').description('Verify and export the tamper-evident audit log');

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
    .action((flags: CommonFlags & { json?: boolean }) => {
      const config = configFrom(io, flags);
      const key = loadOrCreateAuditKey(
        auditPaths(config.dataDir).signingKey,
        auditOrigin(config.audit.applianceId),
      );
      const result = withStore(io, flags, (store, origin) =>
        store.verifyIntegrity({ verifier: key.verifier, origin }),
      );
      if (flags.json)
        io.stdout(
          `${JSON.stringify(result.ok ? { ...result, root: result.root.toString('hex') } : result)}\n`,
        );
      else if (result.ok) io.stdout(`ok: ${result.size} entries, root ${result.root.toString('hex')}\n`);
      else io.stdout(`INVALID at seq ${result.firstBadSeq}: ${result.reason}\n`);
      exit(result.ok ? 0 : 1);
    });

  withCommonOptions(audit.command('export').description('Write a verifiable bundle (.tar) of a period'))
    .requiredOption('--out <file>', 'the .tar to create')
    .option('--from <time>', 'first time included (ISO 8601)')
    .option('--to <time>', 'first time excluded (ISO 8601)')
    .action(async (flags: CommonFlags & { out: string; from?: string; to?: string }) => {
      const config = configFrom(io, flags);
      const origin = auditOrigin(config.audit.applianceId);
      const key = loadOrCreateAuditKey(auditPaths(config.dataDir).signingKey, origin);
      const store = openAuditStore(auditPaths(config.dataDir).db);
      try {
        const range = flags.from || flags.to ? seqRangeForTimes(store, flags.from, flags.to) : {};
        const result = await exportBundle(store, {
          ...range,
          signer: { origin, key: key.signer },
          vkey: key.vkey,
          outFile: flags.out,
        });
        io.stdout(
          `exported entries ${result.from}..${result.to - 1} to ${result.outFile} (sha256 ${result.sha256})\n`,
        );
      } finally {
        store.close();
      }
    });
}
