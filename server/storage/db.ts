import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { AppError } from '../errors.js';
import { getNativeAddons } from '../native/addons.js';
import { migrate } from './migrate.js';

/** An open application database. */
export type Db = Database.Database;

/**
 * Opens (creating if needed) a SQLite database with Parley's settings: WAL journal,
 * foreign keys enforced, a busy timeout, sqlite-vec loaded, migrations applied.
 * `file` may be `:memory:` for tests.
 */
export function openDatabase(file: string, now: number = Date.now()): Db {
  const native = getNativeAddons();
  let db: Db;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    db = new Database(
      file,
      native.betterSqlite3Binding ? { nativeBinding: native.betterSqlite3Binding } : {},
    );
  } catch (err) {
    throw new AppError('storage_error', `Cannot open database ${file}`, { cause: err });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    if (native.sqliteVecExtension) db.loadExtension(native.sqliteVecExtension);
    else sqliteVec.load(db);
    migrate(db, now);
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw new AppError('storage_error', `Cannot prepare database ${file}`, { cause: err });
  }
  return db;
}

/** The application database inside a data directory. */
export function appDatabasePath(dataDir: string): string {
  return path.join(dataDir, 'parley.db');
}

/** True when a write transaction can be taken (used by /readyz). */
export function isWritable(db: Db): boolean {
  try {
    db.prepare('BEGIN IMMEDIATE').run();
    db.prepare('ROLLBACK').run();
    return true;
  } catch {
    return false;
  }
}
