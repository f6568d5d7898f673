import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { loadConfig } from './config/load.js';
import { startMaintenance } from './maintenance.js';
import { openDatabase } from './storage/db.js';

describe('maintenance', () => {
  it('forgets sign-in failures older than a day, now and every 15 minutes after (injected clock)', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 27));
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      'INSERT INTO login_throttle (key, failures, last_failure_at, next_allowed_at, locked_at) VALUES (?, 1, ?, 0, NULL)',
    );
    const day = 24 * 3_600_000;
    insert.run('name:old', clock.now() - day - 1);
    insert.run('name:recent', clock.now() - 1000);
    const keys = () =>
      (db.prepare('SELECT key FROM login_throttle ORDER BY key').all() as { key: string }[]).map(
        (r) => r.key,
      );
    const stop = startMaintenance({
      db,
      clock,
      config: loadConfig({ env: {} }),
      logger: pino({ level: 'silent' }),
    });
    expect(keys()).toEqual(['name:recent']);
    clock.advance(day);
    expect(keys()).toEqual([]);
    stop();
    insert.run('name:later', clock.now() - day - 1);
    clock.advance(60 * 60_000);
    expect(keys()).toEqual(['name:later']);
    db.close();
  });
});
