import type { Db } from './db.js';
import type { Scope } from './scope.js';

/** A stored conversation. */
export interface ConversationRow {
  id: string;
  user_id: string;
  title: string | null;
  model_id: string;
  created_at: number;
  updated_at: number;
}

/** Creates a conversation owned by the scope's user. */
export function insertConversation(
  db: Db,
  scope: Scope,
  row: Pick<ConversationRow, 'id' | 'title' | 'model_id' | 'created_at'>,
): ConversationRow {
  const full: ConversationRow = { ...row, user_id: scope.userId, updated_at: row.created_at };
  db.prepare(
    `INSERT INTO conversations (id, user_id, title, model_id, created_at, updated_at)
     VALUES (@id, @user_id, @title, @model_id, @created_at, @updated_at)`,
  ).run(full);
  return full;
}

/** One conversation, only if the scope's user owns it. */
export function findConversation(db: Db, scope: Scope, id: string): ConversationRow | undefined {
  if (scope.allUsers) {
    return db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
  }
  return db.prepare('SELECT * FROM conversations WHERE id = ? AND user_id = ?').get(id, scope.userId) as
    | ConversationRow
    | undefined;
}

/** The scope's conversations, most recently active first, keyset-paginated. */
export function listConversations(
  db: Db,
  scope: Scope,
  opts: { limit: number; before?: { updatedAt: number; id: string } },
): ConversationRow[] {
  if (opts.before) {
    return db
      .prepare(
        `SELECT * FROM conversations WHERE user_id = ? AND (updated_at, id) < (?, ?)
         ORDER BY updated_at DESC, id DESC LIMIT ?`,
      )
      .all(scope.userId, opts.before.updatedAt, opts.before.id, opts.limit) as ConversationRow[];
  }
  return db
    .prepare('SELECT * FROM conversations WHERE user_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?')
    .all(scope.userId, opts.limit) as ConversationRow[];
}

/** Bumps the activity time of a conversation the scope owns. */
export function touchConversation(db: Db, scope: Scope, id: string, now: number): void {
  db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ? AND user_id = ?').run(
    now,
    id,
    scope.userId,
  );
}
