import type { Db } from './db.js';
import type { Scope } from './scope.js';

/** One passage an assistant message cited: ids only, never the passage text (issue 7). */
export interface CitationRow {
  message_id: string;
  /** The `[n]` marker the model was given, from 1. */
  idx: number;
  chunk_id: number;
  document_id: string;
  collection: string;
  score: number;
}

/**
 * Records the citations of a message in a conversation the scope's user owns (never another's,
 * whatever the scope's reach); returns false, writing nothing, otherwise. Call it in the
 * transaction that appends the message.
 */
export function insertMessageCitations(db: Db, scope: Scope, rows: readonly CitationRow[]): boolean {
  const owned = db.prepare(
    `SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.id = ? AND c.user_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO message_citations (message_id, idx, chunk_id, document_id, collection, score)
     VALUES (@message_id, @idx, @chunk_id, @document_id, @collection, @score)`,
  );
  return db.transaction(() => {
    for (const id of new Set(rows.map((r) => r.message_id))) {
      if (!owned.get(id, scope.userId)) return false;
    }
    for (const row of rows) insert.run(row);
    return true;
  })();
}

/** The citations of every message of a conversation the scope reaches, by message then index. */
export function listConversationCitations(db: Db, scope: Scope, conversationId: string): CitationRow[] {
  const sql = `SELECT k.* FROM message_citations k
    JOIN messages m ON m.id = k.message_id
    JOIN conversations c ON c.id = m.conversation_id
    WHERE m.conversation_id = ?`;
  if (scope.allUsers) {
    return db.prepare(`${sql} ORDER BY m.seq, k.idx`).all(conversationId) as CitationRow[];
  }
  return db
    .prepare(`${sql} AND c.user_id = ? ORDER BY m.seq, k.idx`)
    .all(conversationId, scope.userId) as CitationRow[];
}
