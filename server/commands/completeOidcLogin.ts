import { type Auditor, principal } from '../audit/events.js';
import type { Clock } from '../clock.js';
import type { Db } from '../storage/db.js';
import { type IdpProfile, upsertIdpUser } from '../storage/users.js';

/**
 * Turns a verified IdP identity into a Parley user (provisioned just in time, groups and
 * attributes refreshed) and records the sign-in. The identity must come from
 * `OidcClient.finishLogin`, which has checked state, nonce, PKCE and the ID token.
 */
export async function completeOidcLogin(
  deps: { db: Db; clock: Clock; audit: Auditor },
  identity: IdpProfile,
): Promise<{ userId: string; username: string }> {
  const user = upsertIdpUser(deps.db, identity, deps.clock.now());
  // Recorded before the caller creates the session: no session without its sign-in entry.
  await deps.audit.record({
    action: 'auth.login.succeeded',
    actor: principal(user.id),
    object: { type: 'user', id: user.id },
    details: { method: 'oidc' },
  });
  return { userId: user.id, username: user.username };
}
