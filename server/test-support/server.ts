import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.js';
import { createSession } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import { createApiToken } from '../commands/apiTokens.js';
import { type ConfigInput, deepMerge, loadConfig } from '../config/load.js';
import { sessionCookieName } from '../http/sessionCookie.js';
import { createLogger } from '../observability/logger.js';
import { type RunningServer, startServer } from '../serve.js';
import { grantUserRole } from '../storage/userRoles.js';
import { ensureUser, findUserByUsername } from '../storage/users.js';
import { catalogFile, policyDir, sharedModelsDir } from './paths.js';

/** A real server on an ephemeral loopback port with the real demo model, for tests. */
export interface TestServer extends RunningServer {
  dataDir: string;
  /** Issues a real API token for `username` (created if new), with locally assigned roles. */
  token(username: string, opts?: { expiresInMs?: number; roles?: string[] }): { id: string; token: string };
  /** Starts a real server-side session for `username` (created if new); returns its cookie. */
  session(
    username: string,
    opts?: { roles?: string[] },
  ): { cookie: string; csrfToken: string; publicId: string };
  stop(): Promise<void>;
}

const testOperator: Actor = { kind: 'user', userId: 'test', username: 'test', via: 'cli' };

/**
 * Starts Parley as `parley serve` would, on 127.0.0.1:0 with one inference thread (two
 * test processes share two cores) and a temporary data directory.
 */
export async function startTestServer(
  overrides: ConfigInput = {},
  opts: { clock?: Clock; logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-test-'));
  const base: ConfigInput = {
    dataDir,
    server: { host: '127.0.0.1', port: 0, shutdownGraceMs: 2000 },
    models: { dir: sharedModelsDir, catalog: catalogFile },
    policy: { dir: policyDir },
    inference: { threads: 1, sequences: 4, queueMax: 8 },
    log: { level: 'silent' },
    auth: { sessions: { insecureCookiesForTesting: true } },
  };
  const merged = deepMerge(base, overrides);
  const config = loadConfig({ env: {}, flags: merged, cwd: dataDir });
  const running = await startServer(config, {
    clock: opts.clock,
    logger: opts.logger ?? createLogger('silent'),
  });
  return {
    ...running,
    dataDir,
    token(username, tokenOpts = {}) {
      const created = createApiToken({ db: running.deps.db, clock: running.deps.clock }, testOperator, {
        username,
        expiresInMs: tokenOpts.expiresInMs,
      });
      const user = findUserByUsername(running.deps.db, username);
      for (const role of tokenOpts.roles ?? []) {
        if (user) grantUserRole(running.deps.db, user.id, role, 'test', running.deps.clock.now());
      }
      return created;
    },
    session(username, sessionOpts = {}) {
      const { db, clock, config } = running.deps;
      const user = ensureUser(db, username, clock.now());
      for (const role of sessionOpts.roles ?? []) grantUserRole(db, user.id, role, 'test', clock.now());
      const s = createSession({ db, clock, config: config.auth.sessions }, user.id, 'local');
      return {
        cookie: `${sessionCookieName(config.auth.sessions)}=${s.cookieValue}`,
        csrfToken: s.csrfToken,
        publicId: s.publicId,
      };
    },
    async stop() {
      await running.close(500);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
