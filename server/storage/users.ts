import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';

/** A stored user. */
export interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  created_at: number;
  disabled_at: number | null;
}

/** Looks a user up by username. */
export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

/** Returns the user with this username, creating it first if it does not exist. */
export function ensureUser(db: Db, username: string, now: number): UserRow {
  db.prepare(
    'INSERT INTO users (id, username, created_at) VALUES (?, ?, ?) ON CONFLICT(username) DO NOTHING',
  ).run(randomUUID(), username, now);
  return findUserByUsername(db, username) as UserRow;
}
