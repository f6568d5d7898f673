/**
 * Documents for retrieval (issue 7): collections' lifecycle, documents with their ingestion
 * status, chunks, and the registry of embedding spaces.
 *
 * Two kinds of tables are created at run time, with names built from integer ids only:
 * `chunks_fts_<collection id>` (FTS5, one per collection, server/storage/chunksText.ts) and
 * `chunk_vectors_<space id>` (sqlite-vec vec0, one per embedding model, whose dimension a
 * migration cannot know; server/storage/vectors.ts).
 */
export const migration0005 = {
  version: 5,
  name: 'documents',
  sql: `
-- Names and grants of collections live in the policy bundle; this table tracks their life
-- here. A collection being deleted (deleting_at set) is hidden from search and refuses
-- uploads while its rows are removed in bounded batches. The integer id names the
-- collection's own FTS5 table, chunks_fts_<id> (server/storage/chunksText.ts).
CREATE TABLE doc_collections (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  deleting_at INTEGER
) STRICT;

CREATE TABLE documents (
  id              TEXT PRIMARY KEY,
  collection      TEXT NOT NULL REFERENCES doc_collections(name),
  source_name     TEXT NOT NULL,
  media_type      TEXT NOT NULL,
  size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
  -- Lowercase hex SHA-256 of the uploaded bytes; identical content in a collection is one document.
  sha256          TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  uploaded_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  -- Catalog id of the model that made the document's vectors at ingestion.
  embedding_model TEXT,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'parsing', 'embedding', 'done', 'failed')),
  status_reason   TEXT,
  progress        REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  chunk_count     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (collection, sha256)
) STRICT;
CREATE INDEX documents_collection_created ON documents(collection, created_at DESC, id DESC);
-- Jobs to resume after a restart: a small partial index.
CREATE INDEX documents_unfinished ON documents(status) WHERE status IN ('queued', 'parsing', 'embedding');

-- AUTOINCREMENT: a chunk id is cited in answers, so it must never be reused by another
-- document's passage after a deletion (SQLite reuses plain rowids).
CREATE TABLE chunks (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL CHECK (seq >= 0),
  text        TEXT NOT NULL,
  page        INTEGER,
  section     TEXT,
  tokens      INTEGER NOT NULL CHECK (tokens >= 0),
  UNIQUE (document_id, seq)
) STRICT;

-- Chunk text is indexed for BM25 in one contentless FTS5 table PER COLLECTION, created with
-- the collection (server/storage/chunksText.ts). One shared index would let the rows of
-- collections a user cannot read shape what that user sees: BM25's IDF counts every row of
-- the index, and a MATCH walks every posting before a collection filter drops it, so both
-- scores and timing would answer "does this word occur elsewhere?".

-- One row per (embedding model, weights): vectors of different models, or of different
-- weights under one catalog id, are never compared. Each space has its own vec0 table.
CREATE TABLE embedding_spaces (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  model_id     TEXT NOT NULL,
  model_sha256 TEXT NOT NULL CHECK (length(model_sha256) = 64 AND model_sha256 NOT GLOB '*[^0-9a-f]*'),
  dimensions   INTEGER NOT NULL CHECK (dimensions BETWEEN 1 AND 8192),
  created_at   INTEGER NOT NULL,
  UNIQUE (model_id, model_sha256)
) STRICT;

-- A document has a row here once ALL its chunks have vectors in the space: written in the
-- same transaction as those vectors, so a collection is complete in a space exactly when
-- each of its finished documents has a row.
CREATE TABLE document_embeddings (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  space_id    INTEGER NOT NULL REFERENCES embedding_spaces(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (document_id, space_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_embeddings_space ON document_embeddings(space_id);
`,
} as const;
