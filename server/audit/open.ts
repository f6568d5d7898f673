import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import {
  applyPersonalSchema,
  loadOrCreatePseudonymKey,
  loadOrCreateSubjectKek,
  personalSideWrite,
} from '../../audit/entries/index.js';
import { type AuditStore, openAuditStore } from '../../audit/store/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../observability/metrics.js';
import type { PolicyStore } from '../policy/index.js';
import { AuditSearch } from '../storage/auditSearch.js';
import { StoreAuditor } from './auditor.js';
import { type AuditKey, auditOrigin, auditPaths, loadOrCreateAuditKey } from './files.js';
import { AuditHealth, checkAuditHealth } from './health.js';
import { CheckpointSchedule } from './schedule.js';
import { checkpointShippers, readShippedNotes } from './ship.js';

/** The running server's audit log: store, auditor, start-up health and checkpoint schedule. */
export interface AuditService {
  readonly store: AuditStore;
  readonly auditor: StoreAuditor;
  readonly health: AuditHealth;
  readonly schedule: CheckpointSchedule;
  readonly key: AuditKey;
  readonly origin: string;
  /** The audit database file (for erasure and sealed-detail reads on their own connection). */
  readonly dbFile: string;
  /** Key-encryption key of the subjects' keys (audit/entries/kek.ts). */
  readonly kek: Buffer;
  /** Read-only searches over the log file. */
  readonly search: AuditSearch;
  /** Checkpoint notes shipped to the configured file (trust anchors for verification). */
  shippedCheckpoints(): string[];
  /** Runs the integrity check again (SIGHUP, after `parley audit acknowledge`). */
  recheck(): AuditHealth['state'];
  /** Shutdown checkpoint, then closes the store. */
  close(): void;
}

/** What opening the audit log needs. */
export interface OpenAuditOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy?: Pick<PolicyStore, 'current'>;
  readonly metrics?: Pick<Metrics, 'auditEntries' | 'auditFailures'>;
  /**
   * A one-shot CLI command beside (or instead of) the server: no start-up verification, no
   * checkpoint timer, no shutdown checkpoint. Its appends interleave with the server's.
   */
  readonly console?: boolean;
}

/**
 * Opens the data directory's audit log for the server: keys (generated 0600 at installation),
 * the personal-details side tables, the store with checkpoint shipping, the full integrity
 * check against stored and shipped checkpoints, and the checkpoint schedule. The caller
 * refuses to serve while `health.serving` is false.
 */
export function openAuditService(config: Config, options: OpenAuditOptions): AuditService {
  const { logger, metrics } = options;
  const paths = auditPaths(config.dataDir);
  const origin = auditOrigin(config.audit.applianceId);
  const key = loadOrCreateAuditKey(paths.signingKey, origin);
  const pseudonymKey = loadOrCreatePseudonymKey(paths.pseudonymKey);
  const kek = loadOrCreateSubjectKek(paths.subjectKek);
  prepareSideTables(paths.db);

  const ship = checkpointShippers(config.audit.ship, (sink, err) => {
    metrics?.auditFailures.inc({ stage: 'ship' });
    logger.error({ err, sink }, 'audit checkpoint could not be shipped off the box');
  });
  // Every checkpoint (scheduled, export, shutdown) is shipped and restarts the schedule.
  const signed: { notify?: (size: number) => void } = {};
  const store = openAuditStore(paths.db, {
    clock: options.clock,
    onCheckpoint: (cp) => {
      signed.notify?.(cp.size);
      ship(cp.note);
    },
  });
  const signer = { origin, key: key.signer };
  const external = () => (config.audit.ship.file ? readShippedNotes(config.audit.ship.file, origin) : []);
  const check = () => checkAuditHealth({ store, verifier: key.verifier, origin, external: external() });
  const health = new AuditHealth(options.console ? { status: 'unchecked' } : check());
  if (!options.console) logHealth(logger, health.state);

  const schedule = new CheckpointSchedule(
    {
      store,
      signer,
      clock: options.clock,
      logger,
      everyEntries: config.audit.checkpointEveryEntries,
      everyMs: config.audit.checkpointEverySeconds * 1000,
      periodic: !options.console,
      onFailure: () => metrics?.auditFailures.inc({ stage: 'checkpoint' }),
    },
    store.checkpoints().at(-1)?.size ?? 0,
  );
  signed.notify = (size) => schedule.noteSigned(size);
  const auditor = new StoreAuditor({
    store,
    pseudonymKey,
    policy: options.policy,
    logger,
    metrics,
    sealPersonal: (subject, details) => personalSideWrite(kek, subject, details),
    onCommitted: () => schedule.onCommitted(),
  });
  const search = new AuditSearch(paths.db);
  return {
    store,
    auditor,
    search,
    dbFile: paths.db,
    kek,
    shippedCheckpoints: external,
    health,
    schedule,
    key,
    origin,
    recheck() {
      health.set(check());
      logHealth(logger, health.state);
      return health.state;
    },
    close() {
      schedule.stop();
      search.close();
      store.close();
    },
  };
}

/** Creates the sealed personal-details tables in the audit database file (idempotent). */
export function prepareSideTables(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    applyPersonalSchema(db);
  } finally {
    db.close();
  }
}

function logHealth(logger: Logger, state: AuditHealth['state']): void {
  if (state.status === 'verified') logger.info({ audit: state }, 'audit log verified');
  else if (state.status === 'acknowledged')
    logger.warn({ audit: state }, 'audit log damage was acknowledged by an operator; serving');
  else
    logger.fatal(
      { audit: state },
      'AUDIT LOG FAILED VERIFICATION: refusing to serve until an operator runs `parley audit acknowledge`',
    );
}
