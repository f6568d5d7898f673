import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { createSession } from '../auth/sessions.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { type ConfigInput, deepMerge, loadConfig } from '../config/load.js';
import { sessionCookieName } from '../http/sessionCookie.js';
import { createLogger } from '../observability/logger.js';
import { type RunningServer, startServer } from '../serve.js';
import { insertApiToken } from '../storage/apiTokens.js';
import { grantUserRole } from '../storage/userRoles.js';
import { ensureUser } from '../storage/users.js';
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

/**
 * Starts Parley as `parley serve` would, on 127.0.0.1:0 with one inference thread (two
 * test processes share two cores) and a temporary data directory.
 */
export async function startTestServer(
  overrides: ConfigInput = {},
  opts: {
    clock?: Clock;
    logger?: Logger;
    /** Start on this data directory (a restart) instead of a new temporary one. */
    dataDir?: string;
    /** Leave the data directory in place at `stop()`, for a restart on it. */
    keepDataDir?: boolean;
    reembedOnStart?: boolean;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'parley-test-'));
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
    reembedOnStart: opts.reembedOnStart,
  });
  return {
    ...running,
    dataDir,
    token(username, tokenOpts = {}) {
      // A factory: real rows, written directly (the command's audit path is tested on its own).
      const { db, clock } = running.deps;
      const now = clock.now();
      const user = ensureUser(db, username, now);
      const token = generateToken();
      const id = `tok_${randomUUID()}`;
      const expiresAt = tokenOpts.expiresInMs === undefined ? null : now + tokenOpts.expiresInMs;
      insertApiToken(db, {
        id,
        user_id: user.id,
        token_hash: hashToken(token),
        label: null,
        created_at: now,
        expires_at: expiresAt,
      });
      for (const role of tokenOpts.roles ?? []) grantUserRole(db, user.id, role, 'test', now);
      return { id, token, expiresAt };
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
      if (!opts.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
