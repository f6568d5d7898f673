import type { ConversationRow } from '../storage/conversations.js';
import type { MessageRow } from '../storage/messages.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A conversation as the API shows it. */
export function presentConversation(row: ConversationRow) {
  return {
    id: row.id,
    title: row.title,
    model: row.model_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** A stored message as the API shows it. */
export function presentMessage(row: MessageRow) {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    created_at: iso(row.created_at),
    finish_reason: row.finish_reason,
    usage:
      row.role === 'assistant'
        ? { prompt_tokens: row.prompt_tokens ?? 0, completion_tokens: row.completion_tokens ?? 0 }
        : null,
  };
}
