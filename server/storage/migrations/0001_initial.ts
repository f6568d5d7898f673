/** Users, API tokens, conversations and their messages. */
export const migration0001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT,
  created_at    INTEGER NOT NULL,
  disabled_at   INTEGER
) STRICT;

-- Only the SHA-256 of a token is stored; the token itself is shown once at creation.
CREATE TABLE api_tokens (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash    TEXT NOT NULL UNIQUE,
  label         TEXT,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  revoked_at    INTEGER,
  last_used_at  INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE conversations (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title         TEXT,
  model_id      TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX conversations_user_updated ON conversations(user_id, updated_at DESC);

CREATE TABLE messages (
  id                 TEXT PRIMARY KEY,
  conversation_id    TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq                INTEGER NOT NULL,
  role               TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  content            TEXT NOT NULL,
  prompt_tokens      INTEGER,
  completion_tokens  INTEGER,
  finish_reason      TEXT,
  created_at         INTEGER NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;
`,
} as const;
