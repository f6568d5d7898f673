import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { appDatabasePath, type Db, isWritable, openDatabase } from './db.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';

let dir: string;
let file: string;
const opened: Db[] = [];

function open(f: string, now?: number): Db {
  const db = openDatabase(f, now);
  opened.push(db);
  return db;
}

function storageError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('storage_error');
    return err as AppError;
  }
  throw new Error('expected storage_error');
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-db-'));
  file = appDatabasePath(path.join(dir, 'data'));
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const versions = (db: Db) =>
  db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    applied_at: number;
  }[];

describe('openDatabase', () => {
  it('applies every migration to a fresh in-memory database', () => {
    const db = open(':memory:', 1234);
    expect(versions(db)).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name, applied_at: 1234 })),
    );
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'api_tokens', 'conversations', 'messages']));
  });

  it('loads sqlite-vec', () => {
    const db = open(':memory:');
    const row = db.prepare('SELECT vec_version() AS v').get() as { v: string };
    expect(row.v).toMatch(/^v\d+\.\d+/);
    const dist = db.prepare('SELECT vec_distance_l2(?, ?) AS d').get('[0, 0]', '[3, 4]') as { d: number };
    expect(dist.d).toBeCloseTo(5);
  });

  it('creates the data folder and uses WAL and foreign keys for a file database', () => {
    const db = open(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(isWritable(db)).toBe(true);
  });

  it('enforces foreign keys', () => {
    const db = open(':memory:');
    expect(() =>
      db
        .prepare(
          "INSERT INTO conversations (id, user_id, model_id, created_at, updated_at) VALUES ('c', 'ghost', 'm', 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('applies nothing new when a file database is reopened', () => {
    open(file, 1000).close();
    const again = open(file, 2000);
    expect(versions(again).map((v) => v.applied_at)).toEqual(migrations.map(() => 1000));
    expect(migrate(again, 3000)).toEqual([]);
  });

  it('keeps data across reopening', () => {
    const db = open(file);
    db.prepare("INSERT INTO users (id, username, created_at) VALUES ('u1', 'alice', 1)").run();
    db.close();
    const row = open(file).prepare('SELECT username FROM users WHERE id = ?').get('u1') as {
      username: string;
    };
    expect(row.username).toBe('alice');
  });

  it('refuses a database that records a migration this build does not know', () => {
    const db = open(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 1)").run();
    db.close();
    const err = storageError(() => open(file));
    expect(err.message).toContain('999');
    // The refused database is left as it was: nothing applied, nothing dropped.
    const raw = open(':memory:');
    raw.exec(`ATTACH DATABASE '${file.replaceAll("'", "''")}' AS f`);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM f.schema_migrations').get() as { n: number }).n).toBe(
      migrations.length + 1,
    );
  });

  it('refuses a file that is not a SQLite database', () => {
    const bogus = path.join(dir, 'bogus.db');
    writeFileSync(bogus, Buffer.alloc(4096, 0x41));
    const err = storageError(() => open(bogus));
    expect(err.message).toContain(bogus);
  });

  // BUG: the data folder is created with mkdirSync outside the try block, so a data dir
  // that cannot be created (a file is in the way, no permission) escapes as a raw Node
  // error (EEXIST/ENOTDIR/EACCES) instead of storage_error; the CLI then prints
  // "unexpected error" with a stack trace.
  it('reports a data folder that cannot be created as storage_error', () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    const target = path.join(blocker, 'parley.db');
    const err = storageError(() => open(target));
    expect(err.message).toContain(target);
  });
});

describe('migrate', () => {
  it('applies migrations in version order, each once', () => {
    const db = open(':memory:');
    const next = migrations.length + 1;
    const extra = [
      { version: next + 1, name: 'c', sql: 'CREATE TABLE t3 (x INTEGER) STRICT;' },
      { version: next, name: 'b', sql: 'CREATE TABLE t2 (x INTEGER) STRICT;' },
    ];
    expect(migrate(db, 5, [...migrations, ...extra])).toEqual([next, next + 1]);
    expect(migrate(db, 6, [...migrations, ...extra])).toEqual([]);
  });

  it('rolls back a failing migration together with its bookkeeping row', () => {
    const db = open(':memory:');
    const broken = {
      version: migrations.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE ok (x INTEGER); THIS IS NOT SQL;',
    };
    expect(() => migrate(db, 5, [...migrations, broken])).toThrow();
    expect(versions(db).map((v) => v.version)).toEqual(migrations.map((m) => m.version));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
  });
});
