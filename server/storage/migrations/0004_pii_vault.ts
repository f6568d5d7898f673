/**
 * The pseudonym vault (issue 6): per conversation, which placeholder (`<PERSON_1>`) stands for
 * which value. Values are sealed (AES-256-GCM under the key outside the database, the one that
 * seals TOTP secrets); lookups go through an HMAC of the normalised value, never the value.
 * Deleting a conversation deletes its vault.
 */
export const migration0004 = {
  version: 4,
  name: 'pii_vault',
  sql: `
CREATE TABLE pii_vault (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  placeholder     TEXT NOT NULL,
  entity_type     TEXT NOT NULL,
  -- HMAC-SHA256 (hex) of entity type and normalised value, keyed per installation.
  key_mac         TEXT NOT NULL,
  -- The value as first seen, sealed; bound to conversation and placeholder.
  value_enc       TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, placeholder),
  UNIQUE (conversation_id, key_mac)
) STRICT;
`,
} as const;
