import { userInfo } from 'node:os';
import type { Actor } from '../auth/actor.js';
import { appDatabasePath, type Db, openDatabase } from '../storage/db.js';
import type { CliIo } from './io.js';
import { type CommonFlags, configFrom } from './options.js';

/** Whoever runs the CLI on the server acts as an operator; recorded for the audit log. */
export function operator(): Actor {
  const name = userInfo().username;
  return { kind: 'user', userId: `os:${name}`, username: name, via: 'cli' };
}

/** Opens the data directory's database for one CLI command and closes it after. */
export function withDb<T>(io: CliIo, flags: CommonFlags, fn: (db: Db) => T): T {
  const config = configFrom(io, flags);
  const db = openDatabase(appDatabasePath(config.dataDir));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
