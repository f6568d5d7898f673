import type { CitationView } from '../commands/viewCitations.js';
import type { ConversationRow } from '../storage/conversations.js';
import type { MessageRow } from '../storage/messages.js';
import { presentCitationView } from './citation.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A conversation as the API shows it. */
export function presentConversation(row: ConversationRow) {
  return {
    id: row.id,
    title: row.title,
    model: row.model_id,
    collections: [...row.collections],
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/**
 * A stored message as the API shows it; an assistant message lists the passages it cited
 * (`citations`, empty when none), as the viewer may see them now.
 */
export function presentMessage(row: MessageRow, citations: readonly CitationView[] = []) {
  const assistant = row.role === 'assistant';
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    created_at: iso(row.created_at),
    finish_reason: row.finish_reason,
    usage: assistant
      ? { prompt_tokens: row.prompt_tokens ?? 0, completion_tokens: row.completion_tokens ?? 0 }
      : null,
    citations: assistant ? citations.map(presentCitationView) : null,
  };
}
