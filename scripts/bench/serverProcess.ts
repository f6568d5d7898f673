// Runs a Parley server for the benchmark in its own process, as in production, so the
// benchmark's HTTP client does not share the server's event loop. Prints one JSON line
// with the URL and a token, then serves until SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken } from '../../server/commands/apiTokens.js';
import { loadConfig } from '../../server/config/load.js';
import { createLogger } from '../../server/observability/logger.js';
import { startServer } from '../../server/serve.js';
import { grantUserRole } from '../../server/storage/userRoles.js';
import { ensureUser } from '../../server/storage/users.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as {
  repoRoot: string;
  modelsDir: string;
  threads: number;
  sequences: number;
  /** Ingestion jobs at once (bench:ingest); the bench user is then an admin, to upload. */
  ingestConcurrency?: number;
};
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
const config = loadConfig({
  env: {},
  cwd: dataDir,
  flags: {
    dataDir,
    server: { host: '127.0.0.1', port: 0 },
    models: { dir: opts.modelsDir, catalog: path.join(opts.repoRoot, 'models', 'catalog.yaml') },
    policy: { dir: path.join(opts.repoRoot, 'policies') },
    inference: { threads: opts.threads, sequences: opts.sequences, queueMax: 64, maxTokensLimit: 512 },
    ...(opts.ingestConcurrency
      ? { documents: { ingestConcurrency: opts.ingestConcurrency, maxUploadBytes: 64 * 1_048_576 } }
      : {}),
    log: { level: 'silent' },
  },
});
const running = await startServer(config, { logger: createLogger('silent') });
const { token } = await createApiToken(
  { db: running.deps.db, clock: running.deps.clock, audit: running.deps.audit },
  { kind: 'user', userId: 'bench', username: 'bench', via: 'cli' },
  { username: 'bench' },
);
if (opts.ingestConcurrency) {
  const { db, clock } = running.deps;
  grantUserRole(db, ensureUser(db, 'bench', clock.now()).id, 'admin', 'bench', clock.now());
}
process.stdout.write(
  `${JSON.stringify({
    url: running.url,
    token,
    threads: running.deps.engine.threads,
    sequences: running.deps.engine.chat.scheduler.size,
  })}\n`,
);
process.once('SIGTERM', async () => {
  await running.close(1_000);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
