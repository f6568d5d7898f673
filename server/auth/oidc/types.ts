import type { Config } from '../../config/schema.js';

/** The `auth.oidc` section of the configuration, after defaults. */
export type OidcSettings = NonNullable<Config['auth']['oidc']>;

/**
 * Who the IdP says logged in. The stable key of a person is `issuer` + `subject`, never the
 * email (an IdP may reassign or let users change it).
 */
export interface OidcIdentity {
  /** The ID token's `iss`, equal to the configured issuer. */
  issuer: string;
  /** The ID token's `sub`. */
  subject: string;
  preferredUsername?: string;
  email?: string;
  displayName?: string;
  /** The `groupsClaim` values, as strings; empty when the IdP sent none. */
  groups: string[];
  /** The `attributeClaims` the IdP sent (string-like values only). */
  attributes: Record<string, string | string[]>;
  /** The raw ID token, only for the end-session `id_token_hint`. Never log it. */
  idToken: string;
}

/**
 * The per-browser secrets of one login in progress. Keep them server-side (or sealed) between
 * `startLogin` and `finishLogin`, bound to the browser that started the login, and use once.
 */
export interface PendingLogin {
  state: string;
  nonce: string;
  /** The PKCE code verifier (its S256 challenge went to the IdP). */
  codeVerifier: string;
}
