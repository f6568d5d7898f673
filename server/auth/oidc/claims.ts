import type { OidcIdentity, OidcSettings } from './types.js';

/** Claims as the IdP sent them (validated ID token, then userinfo): trusted origin, untrusted shape. */
export type Claims = Record<string, unknown>;

/** The claims Parley reads besides `iss` and `sub`; if any is absent from the ID token, ask userinfo. */
export function wantedClaims(settings: OidcSettings): string[] {
  return ['preferred_username', 'email', 'name', settings.groupsClaim, ...settings.attributeClaims];
}

/**
 * Maps validated claims to an identity. `iss` and `sub` come from the ID token only;
 * `extra` (userinfo) fills claims the ID token lacks and never overrides it.
 */
export function identityFromClaims(
  idTokenClaims: Claims & { iss: string; sub: string },
  extra: Claims,
  settings: OidcSettings,
  idToken: string,
): OidcIdentity {
  const claims: Claims = { ...extra, ...idTokenClaims };
  const attributes: Record<string, string | string[]> = {};
  for (const name of settings.attributeClaims) {
    const value = stringish(claims[name]);
    if (value !== undefined) attributes[name] = value;
  }
  const groups = stringish(claims[settings.groupsClaim]);
  const identity: OidcIdentity = {
    issuer: idTokenClaims.iss,
    subject: idTokenClaims.sub,
    groups: [...new Set(typeof groups === 'string' ? [groups] : (groups ?? []))],
    attributes,
    idToken,
  };
  if (typeof claims.preferred_username === 'string') identity.preferredUsername = claims.preferred_username;
  if (typeof claims.email === 'string') identity.email = claims.email;
  if (typeof claims.name === 'string') identity.displayName = claims.name;
  return identity;
}

/** A string, a number or boolean as a string, or an array of those; anything else is dropped. */
function stringish(value: unknown): string | string[] | undefined {
  const one = (v: unknown) =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (Array.isArray(value)) return value.map(one).filter((v): v is string => v !== undefined && v !== '');
  const single = one(value);
  return single === '' ? undefined : single;
}
