import { randomUUID } from 'node:crypto';
import type { Auditor } from '../audit/events.js';
import type { Actor } from '../auth/actor.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { type ApiTokenRow, insertApiToken, listApiTokens, revokeApiToken } from '../storage/apiTokens.js';
import type { Db } from '../storage/db.js';
import { ensureUser } from '../storage/users.js';

/** Dependencies of the token commands (they run from the CLI without a model). */
export interface TokenDeps {
  db: Db;
  clock: Clock;
  /** Records token.created / token.revoked (ids only, never the secret). */
  audit: Auditor;
}

/**
 * Issues a token for `username` (created if new). The secret is returned once and only
 * its SHA-256 is stored.
 */
export async function createApiToken(
  deps: TokenDeps,
  operator: Actor,
  input: { username: string; expiresInMs?: number; label?: string },
): Promise<{ id: string; token: string; expiresAt: number | null }> {
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(input.username)) {
    throw new AppError('invalid_request', 'A username is 1-64 letters, digits, ".", "_", "@" or "-".');
  }
  const now = deps.clock.now();
  const token = generateToken();
  const id = `tok_${randomUUID()}`;
  const expiresAt = input.expiresInMs === undefined ? null : now + input.expiresInMs;
  deps.db.transaction(() => {
    const user = ensureUser(deps.db, input.username, now);
    insertApiToken(deps.db, {
      id,
      user_id: user.id,
      token_hash: hashToken(token),
      label: input.label ?? null,
      created_at: now,
      expires_at: expiresAt,
    });
  })();
  try {
    await deps.audit.record({
      action: 'token.created',
      actor: operator,
      object: { type: 'api_token', id },
      ...(expiresAt === null ? {} : { details: { expires_at_ms: expiresAt } }),
    });
  } catch (err) {
    // Fail closed: a token whose issue is not on record is withdrawn before anyone sees it.
    revokeApiToken(deps.db, id, deps.clock.now());
    throw err;
  }
  return { id, token, expiresAt };
}

/** Revokes a token by id; unknown or already revoked ids are `token_not_found`. */
export async function revokeApiTokenById(deps: TokenDeps, operator: Actor, id: string): Promise<void> {
  if (!revokeApiToken(deps.db, id, deps.clock.now())) {
    throw new AppError('token_not_found', `No live token with id ${id}.`);
  }
  await deps.audit.record({ action: 'token.revoked', actor: operator, object: { type: 'api_token', id } });
}

/** Lists tokens (never their secrets), optionally for one user. */
export function listTokens(
  deps: Pick<TokenDeps, 'db'>,
  _operator: Actor,
  username?: string,
): (ApiTokenRow & { username: string })[] {
  return listApiTokens(deps.db, username);
}
