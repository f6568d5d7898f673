import Database from 'better-sqlite3';
import { AuditStoreError } from './errors.js';
import { MIN_CACHED_LEVEL, rebuildSubtrees } from './subtrees.js';

/** Version of the store's schema; recorded in `audit_schema` and checked on open. */
export const SCHEMA_VERSION = 2;

// Append-only by construction: the store issues only INSERTs into `entries` and `checkpoints`.
// The triggers below are defence in depth against bugs and careless tooling, NOT a security
// boundary: anyone with write access to the file can drop them. Tampering by such an attacker is
// what the hash chain, the Merkle root and the externally shipped checkpoints detect.
const V1 = `CREATE TABLE audit_schema (version INTEGER NOT NULL);
   CREATE TABLE entries (
     seq INTEGER PRIMARY KEY CHECK (seq >= 0),
     leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32),
     body BLOB NOT NULL, -- the exact RFC 8785 bytes the leaf hash covers
     ts TEXT NOT NULL
   ) STRICT;
   CREATE TABLE frontier (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     size INTEGER NOT NULL,
     json TEXT NOT NULL -- FrontierJSON, FORMAT.md §2
   ) STRICT;
   INSERT INTO frontier (id, size, json) VALUES (1, 0, '{"size":0,"nodes":[]}');
   CREATE TABLE checkpoints (
     id INTEGER PRIMARY KEY,
     size INTEGER NOT NULL,
     root BLOB NOT NULL CHECK (length(root) = 32),
     note TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT;
   CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
     BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
   CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
     BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
   CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
     BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
   CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
     BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;`;

// v2: the proof cache (subtrees.ts). No append-only triggers: it is derived data, rebuilt by
// `rebuildProofCache`, and never trusted. The level CHECK pins MIN_CACHED_LEVEL; changing that
// constant needs a migration.
const V2 = `CREATE TABLE subtrees (
     level INTEGER NOT NULL CHECK (level >= ${MIN_CACHED_LEVEL} AND level < 64),
     idx INTEGER NOT NULL CHECK (idx >= 0),
     hash BLOB NOT NULL CHECK (length(hash) = 32), -- MTH of leaves [idx·2^level, (idx+1)·2^level)
     PRIMARY KEY (level, idx)
   ) STRICT, WITHOUT ROWID;`;

/** Migration `i` brings a database from version `i` to `i + 1`, inside one transaction. */
const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) => db.exec(V1),
  (db) => {
    db.exec(V2);
    // An existing log gets its cache now, O(n) once (a few seconds per million entries).
    rebuildSubtrees(db);
  },
];

/**
 * Opens (creating if needed) an audit database with the durability settings the log relies on,
 * and brings its schema up to `SCHEMA_VERSION`. Throws `BAD_SCHEMA` for a newer schema.
 */
export function openAuditDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so an acknowledged append survives power loss,
    // not only a process crash (NORMAL would only guarantee the latter in WAL mode).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    const has = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_schema'`)
      .get();
    const row = has
      ? (db.prepare('SELECT version FROM audit_schema').get() as { version: number })
      : undefined;
    const current = row?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new AuditStoreError('BAD_SCHEMA', `audit schema ${current} is newer than ${SCHEMA_VERSION}`);
    }
    for (let v = current; v < SCHEMA_VERSION; v++) (MIGRATIONS[v] as (db: Database.Database) => void)(db);
    if (current === 0) db.prepare('INSERT INTO audit_schema (version) VALUES (?)').run(SCHEMA_VERSION);
    else if (current < SCHEMA_VERSION) db.prepare('UPDATE audit_schema SET version = ?').run(SCHEMA_VERSION);
  }).immediate();
}
