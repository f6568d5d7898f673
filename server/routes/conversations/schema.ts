import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { messageText, samplingFields } from '../shared.js';

/** `POST /api/conversations`. */
export const createConversationSchema = z
  .object({ title: z.string().trim().min(1).max(200).optional() })
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
