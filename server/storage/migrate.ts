import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

/**
 * Applies pending migrations in order, each in its own transaction with its bookkeeping
 * row. Refuses a database that records a migration this build does not know (it was
 * written by a newer Parley) rather than run against a schema it does not understand.
 */
export function migrate(
  db: Database.Database,
  now: number,
  migrations: readonly Migration[] = allMigrations,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new AppError(
      'storage_error',
      `Database has migrations ${unknown.join(', ')} that this version of Parley does not know; refusing to start.`,
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now,
      );
    })();
    done.push(m.version);
  }
  return done;
}
