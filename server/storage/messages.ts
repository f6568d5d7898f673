import type { Db } from './db.js';
import type { Scope } from './scope.js';

/** A stored chat message. */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: 'system' | 'user' | 'assistant';
  content: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  finish_reason: string | null;
  created_at: number;
}

/** Appends a message to a conversation the scope's user owns (never another's, whatever the scope's reach). */
export function appendMessage(db: Db, scope: Scope, row: Omit<MessageRow, 'seq'>): MessageRow | undefined {
  const owned = db
    .prepare('SELECT 1 FROM conversations WHERE id = ? AND user_id = ?')
    .get(row.conversation_id, scope.userId);
  if (!owned) return undefined;
  const next = db
    .prepare('SELECT COALESCE(MAX(seq), -1) + 1 AS seq FROM messages WHERE conversation_id = ?')
    .get(row.conversation_id) as { seq: number };
  const full: MessageRow = { ...row, seq: next.seq };
  db.prepare(
    `INSERT INTO messages (id, conversation_id, seq, role, content, prompt_tokens, completion_tokens, finish_reason, created_at)
     VALUES (@id, @conversation_id, @seq, @role, @content, @prompt_tokens, @completion_tokens, @finish_reason, @created_at)`,
  ).run(full);
  return full;
}

/** All messages of a conversation the scope reaches, in order. */
export function listMessages(db: Db, scope: Scope, conversationId: string): MessageRow[] {
  if (scope.allUsers) {
    return db
      .prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq')
      .all(conversationId) as MessageRow[];
  }
  return db
    .prepare(
      `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.conversation_id = ? AND c.user_id = ? ORDER BY m.seq`,
    )
    .all(conversationId, scope.userId) as MessageRow[];
}
