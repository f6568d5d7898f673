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

/** What an identity provider says about a user at login. */
export interface IdpProfile {
  issuer: string;
  subject: string;
  preferredUsername?: string;
  displayName?: string;
  groups: string[];
  attributes: Record<string, string | string[]>;
}

/**
 * Finds the user for (issuer, subject), creating it on first login (just-in-time
 * provisioning), and replaces its IdP groups and attributes with what the IdP says now, so
 * that a user removed from a group loses the roles mapped from it. IdP users get user names
 * prefixed `idp:`, which local names cannot contain, so the IdP can never hand out the name of
 * a local (break-glass) account.
 */
export function upsertIdpUser(db: Db, profile: IdpProfile, now: number): UserRow {
  return db.transaction(() => {
    const existing = db
      .prepare('SELECT * FROM users WHERE oidc_issuer = ? AND oidc_subject = ?')
      .get(profile.issuer, profile.subject) as UserRow | undefined;
    const groups = JSON.stringify([...new Set(profile.groups)].sort());
    const attributes = JSON.stringify(profile.attributes);
    if (existing) {
      db.prepare('UPDATE users SET idp_groups = ?, idp_attributes = ?, display_name = ? WHERE id = ?').run(
        groups,
        attributes,
        profile.displayName ?? existing.display_name,
        existing.id,
      );
      return findUserByUsername(db, existing.username) as UserRow;
    }
    const base = `idp:${(profile.preferredUsername ?? profile.subject).slice(0, 100)}`;
    let username = base;
    for (let i = 2; findUserByUsername(db, username); i++) username = `${base}#${i}`;
    db.prepare(
      `INSERT INTO users (id, username, display_name, created_at, oidc_issuer, oidc_subject, idp_groups, idp_attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      randomUUID(),
      username,
      profile.displayName ?? null,
      now,
      profile.issuer,
      profile.subject,
      groups,
      attributes,
    );
    return findUserByUsername(db, username) as UserRow;
  })();
}
