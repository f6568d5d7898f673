import pino from 'pino';
import type { Auditor } from '../audit/events.js';
import { type AuditService, openAuditService } from '../audit/open.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { loadBundle, type PolicyBundle } from '../policy/index.js';
import { resolvePolicyDir } from '../policyLocation.js';
import { appDatabasePath, type Db, openDatabase } from '../storage/db.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom } from './options.js';

/** What an administrative CLI command works with. */
export interface AdminContext {
  readonly config: Config;
  readonly db: Db;
  /** The data directory's audit log (shared with a running server: appends interleave safely). */
  readonly audit: Auditor;
  readonly auditLog: AuditService;
}

/**
 * Opens the application database and the audit log for one administrative command, so that
 * what the operator does at the console is recorded like anything done over HTTP (issue 5:
 * administrator actions). The command fails if its entry cannot be written.
 */
export async function withAdmin<T>(
  io: CliIo,
  flags: CommonFlags,
  fn: (ctx: AdminContext) => Promise<T> | T,
): Promise<T> {
  const config = configFrom(io, flags);
  const db = openDatabase(appDatabasePath(config.dataDir));
  try {
    const bundle = policyOrNone(config);
    const auditLog = openAuditService(config, {
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      ...(bundle ? { policy: { current: bundle } } : {}),
      console: true,
    });
    try {
      return await fn({ config, db, audit: auditLog.auditor, auditLog });
    } finally {
      auditLog.close();
    }
  } finally {
    db.close();
  }
}

// Entries name the policy in force when it loads; an operator repairing a broken bundle from
// the console must still be able to act (and be recorded), so a bad bundle means no hash.
function policyOrNone(config: Config): PolicyBundle | undefined {
  try {
    return loadBundle(resolvePolicyDir(config.policy.dir));
  } catch {
    return undefined;
  }
}
