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
  /** Document collections it is bound to, in the order given (issue 7); empty when unbound. */
  collections: string[];
}

// The bound collections ride along as a JSON array, so that every read of a conversation
// carries them without a second query per row.
const SELECT = `SELECT c.id, c.user_id, c.title, c.model_id, c.created_at, c.updated_at,
  (SELECT json_group_array(k.collection ORDER BY k.position)
     FROM conversation_collections k WHERE k.conversation_id = c.id) AS collections_json
  FROM conversations c`;

type Raw = Omit<ConversationRow, 'collections'> & { collections_json: string };

function toRow(raw: Raw): ConversationRow {
  const { collections_json, ...row } = raw;
  return { ...row, collections: JSON.parse(collections_json) as string[] };
}

/**
 * Creates a conversation owned by the scope's user, bound to `collections` (deduplicated,
 * order kept). The caller has checked that the user may read each of them.
 */
export function insertConversation(
  db: Db,
  scope: Scope,
  row: Pick<ConversationRow, 'id' | 'title' | 'model_id' | 'created_at'> & {
    collections?: readonly string[];
  },
): ConversationRow {
  const { collections: wanted, ...fields } = row;
  const full: ConversationRow = {
    ...fields,
    user_id: scope.userId,
    updated_at: row.created_at,
    collections: [...new Set(wanted ?? [])],
  };
  db.transaction(() => {
    db.prepare(
      `INSERT INTO conversations (id, user_id, title, model_id, created_at, updated_at)
       VALUES (@id, @user_id, @title, @model_id, @created_at, @updated_at)`,
    ).run({ ...fields, user_id: full.user_id, updated_at: full.updated_at });
    const bind = db.prepare(
      'INSERT INTO conversation_collections (conversation_id, position, collection) VALUES (?, ?, ?)',
    );
    for (const [position, name] of full.collections.entries()) bind.run(full.id, position, name);
  })();
  return full;
}

/** One conversation, only if the scope's user owns it. */
export function findConversation(db: Db, scope: Scope, id: string): ConversationRow | undefined {
  const raw = scope.allUsers
    ? db.prepare(`${SELECT} WHERE c.id = ?`).get(id)
    : db.prepare(`${SELECT} WHERE c.id = ? AND c.user_id = ?`).get(id, scope.userId);
  return raw ? toRow(raw as Raw) : undefined;
}

/** The scope's conversations, most recently active first, keyset-paginated. */
export function listConversations(
  db: Db,
  scope: Scope,
  opts: { limit: number; before?: { updatedAt: number; id: string } },
): ConversationRow[] {
  const rows = opts.before
    ? db
        .prepare(
          `${SELECT} WHERE c.user_id = ? AND (c.updated_at, c.id) < (?, ?)
           ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
        )
        .all(scope.userId, opts.before.updatedAt, opts.before.id, opts.limit)
    : db
        .prepare(`${SELECT} WHERE c.user_id = ? ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`)
        .all(scope.userId, opts.limit);
  return (rows as Raw[]).map(toRow);
}

/** Bumps the activity time of a conversation the scope owns. */
export function touchConversation(db: Db, scope: Scope, id: string, now: number): void {
  db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ? AND user_id = ?').run(
    now,
    id,
    scope.userId,
  );
}
