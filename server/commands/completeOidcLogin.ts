import type { Clock } from '../clock.js';
import type { SecurityEvents } from '../observability/securityEvents.js';
import type { Db } from '../storage/db.js';
import { type IdpProfile, upsertIdpUser } from '../storage/users.js';

/**
 * Turns a verified IdP identity into a Parley user (provisioned just in time, groups and
 * attributes refreshed) and records the sign-in. The identity must come from
 * `OidcClient.finishLogin`, which has checked state, nonce, PKCE and the ID token.
 */
export function completeOidcLogin(
  deps: { db: Db; clock: Clock; events: SecurityEvents },
  identity: IdpProfile,
): { userId: string; username: string } {
  const user = upsertIdpUser(deps.db, identity, deps.clock.now());
  deps.events.emit({ type: 'login_succeeded', actorId: user.id, method: 'oidc' });
  return { userId: user.id, username: user.username };
}
