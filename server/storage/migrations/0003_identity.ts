/**
 * Identity (issue 4): IdP-linked users, local credentials with MFA, brute-force throttling,
 * server-side sessions and pending OIDC logins.
 */
export const migration0003 = {
  version: 3,
  name: 'identity',
  sql: `
-- An IdP user is identified by issuer + subject, never by email or name.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
-- Refreshed at every IdP login, so a user the IdP stops listing in a group loses its roles.
ALTER TABLE users ADD COLUMN idp_groups TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN idp_attributes TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX users_oidc_identity ON users(oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;

-- Local (break-glass) accounts. password_hash is an argon2id PHC string.
CREATE TABLE local_credentials (
  user_id         TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  password_hash   TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  -- TOTP secret (RFC 6238), sealed with AES-256-GCM under a key kept outside the database.
  totp_secret_enc TEXT,
  totp_pending_enc TEXT,
  mfa_enabled_at  INTEGER
) STRICT;

-- Single-use recovery codes, stored as SHA-256 (they are high-entropy random strings).
CREATE TABLE recovery_codes (
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash  TEXT NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
) STRICT;

-- Failed sign-in bookkeeping per key ('user:<id>' or 'ip:<address>').
CREATE TABLE login_throttle (
  key              TEXT PRIMARY KEY,
  failures         INTEGER NOT NULL,
  last_failure_at  INTEGER NOT NULL,
  next_allowed_at  INTEGER NOT NULL,
  locked_at        INTEGER
) STRICT;

-- Server-side sessions; the cookie holds a 256-bit random id, stored here only as SHA-256.
CREATE TABLE sessions (
  id_hash        TEXT PRIMARY KEY,
  -- Shown to administrators and in session lists; unrelated to the secret cookie value.
  public_id      TEXT NOT NULL UNIQUE,
  user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  auth_method    TEXT NOT NULL CHECK (auth_method IN ('oidc', 'local')),
  csrf_token     TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  revoked_at     INTEGER,
  revoked_reason TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- An OIDC login between redirect and callback: state (hashed), nonce and PKCE verifier.
CREATE TABLE oidc_pending (
  state_hash     TEXT PRIMARY KEY,
  -- SHA-256 of a random value in a short-lived cookie of the browser that started the login,
  -- so a callback carried to another browser (login CSRF) finds nothing.
  browser_hash   TEXT NOT NULL,
  nonce          TEXT NOT NULL,
  code_verifier  TEXT NOT NULL,
  return_to      TEXT NOT NULL,
  created_at     INTEGER NOT NULL
) STRICT;
`,
} as const;
