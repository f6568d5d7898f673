import { z } from 'zod';
import { COLLECTION_NAME } from '../../collections/access.js';
import type { Config } from '../../config/schema.js';
import { messageText, samplingFields } from '../shared.js';

/** Most collections one conversation or completion may search. */
export const MAX_COLLECTIONS = 16;

/**
 * Document collections to answer from (issue 7): policy names, each searched only if the
 * caller may read it. A name no policy could declare is a 400; an unreadable one a 404.
 */
export const collectionsField = z
  .array(z.string().regex(COLLECTION_NAME, 'not a collection name'))
  .max(MAX_COLLECTIONS);

/** `POST /api/conversations`. */
export const createConversationSchema = z
  .object({ title: z.string().trim().min(1).max(200).optional(), collections: collectionsField.optional() })
  .strict();

/** `GET /api/conversations` query. */
export const listConversationsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.string().max(100).optional(),
  })
  .strict();

/** `POST /api/conversations/:id/messages`. */
export function sendMessageSchema(limits: Config['limits']) {
  return z.object({ content: messageText(limits).pipe(z.string().min(1)), ...samplingFields }).strict();
}

/** Conversation ids are `conv_<uuid>`; anything else cannot exist. */
export const conversationId = /^conv_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
