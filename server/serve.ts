import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { system } from './audit/events.js';
import { type AuditService, openAuditService } from './audit/open.js';
import { recordStart } from './audit/startEntries.js';
import { loadSecretBox } from './auth/local/secretBox.js';
import { OidcConnector } from './auth/oidcConnector.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config/schema.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';
import { createApp } from './http/app.js';
import { loadCatalog } from './inference/catalog.js';
import { InferenceEngine } from './inference/engine.js';
import { cpuBudget, resolveThreads } from './inference/threads.js';
import { IngestQueue } from './ingest/queue.js';
import { openEmbeddingTransition } from './ingest/transition.js';
import { UploadStore } from './ingest/uploads.js';
import { Lifecycle } from './lifecycle.js';
import { startMaintenance } from './maintenance.js';
import { createLogger } from './observability/logger.js';
import { setLogMasker } from './observability/logMask.js';
import { createMetrics } from './observability/metrics.js';
import { piiEngineFor } from './pii/index.js';
import { loadTestedBundle, PolicyStore } from './policy/index.js';
import { resolvePolicyDir } from './policyLocation.js';
import { operatorKeys } from './privacy/boundaries.js';
import { removeServerState, writeServerState } from './serverState.js';
import { appDatabasePath, openDatabase } from './storage/db.js';

/** A started server. */
export interface RunningServer {
  readonly url: string;
  readonly deps: Deps;
  /** Graceful stop: refuse new work, let streams finish until the deadline, then abort them. */
  close(graceMs?: number): Promise<void>;
  /**
   * Reloads the policy bundle from `policy.dir` (SIGHUP, `parley policy apply`): validated
   * and tested first; on failure the bundle in force stays and the error is returned.
   */
  reloadPolicy(): Promise<{ ok: true; hash: string } | { ok: false; error: Error }>;
  /**
   * Verifies the audit log again (SIGHUP, after `parley audit acknowledge`): a mismatch that
   * an operator has acknowledged lets the server serve again.
   */
  recheckAudit(): AuditService['health']['state'];
}

/**
 * Opens storage, verifies and loads the models, and listens. Everything is built from the
 * frozen config; nothing below reads the environment.
 */
export async function startServer(
  config: Config,
  opts: {
    clock?: Clock;
    logger?: Logger;
    /** False: re-embedding after a model change is left to the caller (tests drive its steps). */
    reembedOnStart?: boolean;
  } = {},
): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger(config.log.level);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const budget = cpuBudget();
  const threads = resolveThreads(config.inference.threads, budget);
  if (config.inference.threads !== 'auto' && config.inference.threads > threads) {
    logger.warn(
      { configured: config.inference.threads, cpus: budget.cpus },
      'threads capped at the CPUs available',
    );
  }
  // The policy bundle first: a server must not start under rules it cannot read or that fail
  // their own tests.
  const policyDir = resolvePolicyDir(config.policy.dir, (builtin) =>
    logger.warn(
      { configured: config.policy.dir, builtin },
      'policy folder not found; using the built-in default bundle',
    ),
  );
  const policy = new PolicyStore(loadTestedBundle(policyDir));
  // Metrics first: the audit log counts into them; the gauges read the engine lazily.
  let engine: InferenceEngine | undefined;
  let audit: AuditService | undefined;
  const metrics = createMetrics({
    queueDepth: () => engine?.stats().queueDepth ?? 0,
    sequencesInUse: () => engine?.stats().sequencesInUse ?? 0,
    sequencesTotal: () => engine?.stats().sequencesTotal ?? 0,
    threads: () => threads,
    auditIntegrityOk: () => (audit?.health.serving ? 1 : 0),
    auditSize: () => audit?.store.size() ?? 0,
    auditCheckpointSize: () => audit?.schedule.signedSize ?? 0,
  });
  // The audit log before anything that must be audited; it also decides whether we may serve.
  audit = openAuditService(config, { clock, logger, policy, metrics });
  const db = openDatabase(appDatabasePath(config.dataDir), clock.now());
  try {
    const catalog = loadCatalog(config.models.dir, config.models.catalog);
    engine = await InferenceEngine.start({
      catalog,
      chatModelId: config.models.chat,
      embeddingModelId: config.models.embedding,
      threads,
      sequences: config.inference.sequences,
      contextSize: config.inference.contextSize,
      gpu: config.inference.gpu,
      gpuLayers: config.inference.gpuLayers,
      queueMax: config.inference.queueMax,
      queueTimeoutMs: config.inference.queueTimeoutMs,
      clock,
      logger,
    });
  } catch (err) {
    db.close();
    audit.close();
    throw err;
  }
  const auditLog = audit;
  const lifecycle = new Lifecycle();
  const secretBox = loadSecretBox(config.auth.secretKeyFile as string);
  // Issue 6, logs boundary: from now on every string of every log line is masked under the
  // policy in force (a reload takes effect at the next line).
  const logKeys = operatorKeys(secretBox);
  setLogMasker((text) => {
    try {
      return piiEngineFor(policy.current.pii).mask(text, 'logs', logKeys).text;
    } catch {
      return '[unmaskable]'; // never let an unmasked value through
    }
  });
  const oidc = config.auth.oidc ? new OidcConnector(config.auth.oidc, { clock, logger }) : undefined;
  await oidc?.start();
  const uploads = new UploadStore(config.dataDir);
  const ingestDeps = { db, engine, clock, config, logger, uploads, secretBox, policy };
  const queue = new IngestQueue(ingestDeps, config.documents.ingestConcurrency);
  const deps: Deps = {
    config,
    db,
    engine,
    clock,
    logger,
    metrics,
    lifecycle,
    policy,
    audit: auditLog.auditor,
    auditLog,
    oidc,
    secretBox,
    documents: { uploads, queue },
  };
  // Jobs interrupted by the last stop continue now (issue 7: resumable after a restart).
  const resumed = queue.resume();
  if (resumed > 0) logger.info({ resumed }, 'resuming document ingestion');
  // After an embedding-model change, documents get new vectors in the background while the
  // previous model's vectors keep answering (ingest/transition.ts).
  if (opts.reembedOnStart !== false) {
    const collections = [...policy.current.rbac.collections.keys()].filter((name) => name !== '*');
    // Before listening, so that the first query is already answered from the old vectors.
    await openEmbeddingTransition(ingestDeps, collections).catch((err: unknown) =>
      logger.error({ err }, 'could not load the previous embedding model'),
    );
    void queue
      .reembed(collections)
      .then((n) => n > 0 && logger.info({ documents: n }, 're-embedded documents for the current model'));
  }
  const stopMaintenance = startMaintenance({ db, clock, config, logger });
  const server = http.createServer(createApp(deps).callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const stateFile = writeServerState(config.dataDir, { pid: process.pid, url });
  logger.info(
    {
      url,
      model: engine.chat.entry.id,
      threads,
      cpus: budget.cpus,
      sequences: config.inference.sequences,
      policyHash: policy.current.hash,
    },
    'listening',
  );
  const self = system('server');
  await recordStart(auditLog, config, policy, { pid: process.pid, threads });

  let closing: Promise<void> | undefined;
  const close = (graceMs = config.server.shutdownGraceMs) =>
    (closing ??= (async () => {
      lifecycle.beginDrain(clock.now());
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (lifecycle.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      lifecycle.abortAll(new AppError('shutting_down', 'The server is shutting down.'));
      while (lifecycle.active > 0) await new Promise((r) => setTimeout(r, 10));
      server.closeAllConnections();
      await stopped;
      removeServerState(stateFile);
      oidc?.stop();
      stopMaintenance();
      await queue.stop();
      db.close();
      await engine.close();
      try {
        await auditLog.auditor.record({
          action: 'server.stopped',
          actor: self,
          object: { type: 'server', id: config.audit.applianceId },
        });
      } catch {
        // Logged by the auditor; the shutdown checkpoint below still covers what was written.
      }
      auditLog.close(); // signs the shutdown checkpoint
      logger.info('stopped');
    })());
  const reloadPolicy = async () => {
    const before = policy.current.hash;
    const result = policy.reload(policyDir);
    if (result.ok) {
      await auditLog.auditor.record({
        action: 'policy.reloaded',
        actor: self,
        object: { type: 'policy', id: result.hash },
        details: { old_hash: before, new_hash: result.hash },
      });
      logger.info({ policyHash: result.hash }, 'policy bundle reloaded');
    } else {
      const code = (result.error as { code?: unknown }).code;
      await auditLog.auditor.record({
        action: 'policy.reload_failed',
        actor: self,
        object: { type: 'policy', id: before },
        outcome: 'error',
        reason: typeof code === 'string' ? code : 'error',
      });
      logger.error(
        { err: result.error, policyHash: policy.current.hash },
        'policy reload refused; old bundle stays',
      );
    }
    return result;
  };
  return { url, deps, close, reloadPolicy, recheckAudit: () => auditLog.recheck() };
}
