import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
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
import { Lifecycle } from './lifecycle.js';
import { startMaintenance } from './maintenance.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { loggingSecurityEvents } from './observability/securityEvents.js';
import { loadTestedBundle, PolicyStore } from './policy/index.js';
import { resolvePolicyDir } from './policyLocation.js';
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
  reloadPolicy(): { ok: true; hash: string } | { ok: false; error: Error };
}

/**
 * Opens storage, verifies and loads the models, and listens. Everything is built from the
 * frozen config; nothing below reads the environment.
 */
export async function startServer(
  config: Config,
  opts: { clock?: Clock; logger?: Logger } = {},
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
  const db = openDatabase(appDatabasePath(config.dataDir), clock.now());
  let engine: InferenceEngine;
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
    throw err;
  }
  const lifecycle = new Lifecycle();
  const metrics = createMetrics({
    queueDepth: () => engine.stats().queueDepth,
    sequencesInUse: () => engine.stats().sequencesInUse,
    sequencesTotal: () => engine.stats().sequencesTotal,
    threads: () => threads,
  });
  const security = loggingSecurityEvents(logger, metrics.securityEvents);
  const secretBox = loadSecretBox(config.auth.secretKeyFile as string);
  const oidc = config.auth.oidc ? new OidcConnector(config.auth.oidc, { clock, logger }) : undefined;
  await oidc?.start();
  const deps: Deps = {
    config,
    db,
    engine,
    clock,
    logger,
    metrics,
    lifecycle,
    policy,
    security,
    oidc,
    secretBox,
  };
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
      db.close();
      await engine.close();
      logger.info('stopped');
    })());
  const reloadPolicy = () => {
    const result = policy.reload(policyDir);
    if (result.ok) {
      security.emit({ type: 'policy_reloaded', bundleHash: result.hash });
      logger.info({ policyHash: result.hash }, 'policy bundle reloaded');
    } else {
      security.emit({
        type: 'policy_reload_failed',
        bundleHash: policy.current.hash,
        detail: result.error.message,
      });
      logger.error(
        { err: result.error, policyHash: policy.current.hash },
        'policy reload refused; old bundle stays',
      );
    }
    return result;
  };
  return { url, deps, close, reloadPolicy };
}
