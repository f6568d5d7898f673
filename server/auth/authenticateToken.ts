import { AppError } from '../errors.js';
import { findApiTokenByHash, touchApiToken } from '../storage/apiTokens.js';
import type { Db } from '../storage/db.js';
import { listUserRoles } from '../storage/userRoles.js';
import type { Actor } from './actor.js';
import { hashToken, looksLikeToken } from './tokens.js';

/**
 * Turns a presented bearer token (attacker-controlled) into an actor. Unknown, revoked and
 * expired tokens and disabled users get the same answer, so a caller learns nothing about
 * which tokens exist. The lookup is by SHA-256, so the secret is never compared as text.
 */
export function authenticateToken(db: Db, presented: string, now: number): Actor {
  const invalid = () => new AppError('invalid_token', 'Invalid, expired or revoked API token.');
  if (!looksLikeToken(presented)) throw invalid();
  const row = findApiTokenByHash(db, hashToken(presented));
  if (!row) throw invalid();
  if (row.revoked_at !== null || row.user_disabled_at !== null) throw invalid();
  if (row.expires_at !== null && row.expires_at <= now) throw invalid();
  touchApiToken(db, row.id, now);
  return Object.freeze({
    kind: 'user',
    userId: row.user_id,
    username: row.username,
    via: 'api_token',
    tokenId: row.id,
    roles: Object.freeze(listUserRoles(db, row.user_id)),
    // A token acts as its owner: IdP group roles as of the owner's last sign-in included.
    groups: Object.freeze(JSON.parse(row.idp_groups) as string[]),
    attributes: Object.freeze(JSON.parse(row.idp_attributes) as Record<string, string | string[]>),
  });
}
