/**
 * Chat with documents (issue 7): the collections a conversation is bound to, and the passages
 * each assistant message cited.
 *
 * Neither table references `documents` or `chunks`: a citation outlives the document it names
 * (shown as deleted), and a collection is a policy name that may have no documents yet. Only
 * ids are kept, never passage text, so deleting a document leaves none of its text behind;
 * the text is read again, under the reader's grants, when a conversation is shown.
 */
export const migration0006 = {
  version: 6,
  name: 'conversation_collections',
  sql: `
-- Checked readable by the creator when bound; re-checked on every request, so a revoked
-- grant drops a collection from retrieval without touching these rows.
CREATE TABLE conversation_collections (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 0),
  collection      TEXT NOT NULL CHECK (length(collection) BETWEEN 1 AND 128),
  PRIMARY KEY (conversation_id, collection),
  UNIQUE (conversation_id, position)
) STRICT, WITHOUT ROWID;

-- idx is the [n] marker the model was given. Chunk ids are AUTOINCREMENT (0005), so a
-- deleted passage's id is never reused by another document's.
CREATE TABLE message_citations (
  message_id  TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL CHECK (idx >= 1),
  chunk_id    INTEGER NOT NULL,
  document_id TEXT NOT NULL,
  collection  TEXT NOT NULL,
  score       REAL NOT NULL,
  PRIMARY KEY (message_id, idx)
) STRICT, WITHOUT ROWID;
`,
} as const;
