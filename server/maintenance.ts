import type { Logger } from 'pino';
import { FAILURES_FORGOTTEN_AFTER_MS } from './auth/local/throttle.js';
import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { Db } from './storage/db.js';
import { pruneLoginThrottle } from './storage/loginThrottle.js';

const EVERY_MS = 15 * 60_000;

/**
 * Housekeeping on the injectable clock: forgets old sign-in failures (including those of
 * names that never existed, which would otherwise pile up). Returns a stop function.
 */
export function startMaintenance(deps: { db: Db; clock: Clock; config: Config; logger: Logger }): () => void {
  let cancel: () => void = () => {};
  let stopped = false;
  const run = () => {
    if (stopped) return;
    try {
      const now = deps.clock.now();
      const lock = deps.config.auth.local.lockDurationMs;
      const pruned = pruneLoginThrottle(
        deps.db,
        now - FAILURES_FORGOTTEN_AFTER_MS,
        lock > 0 ? now - lock : null,
      );
      if (pruned > 0) deps.logger.debug({ pruned }, 'pruned sign-in throttle rows');
    } catch (err) {
      deps.logger.error({ err }, 'maintenance failed');
    }
    cancel = deps.clock.setTimeout(run, EVERY_MS);
  };
  run();
  return () => {
    stopped = true;
    cancel();
  };
}
