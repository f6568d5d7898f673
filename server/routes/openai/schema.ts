import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { collectionsField } from '../conversations/schema.js';
import { messageText, samplingFields } from '../shared.js';

/**
 * `POST /v1/chat/completions`. Unknown fields are ignored rather than refused, because the
 * official SDKs send fields this server has no use for. `collections` is Parley's extension
 * (issue 7): standard clients never send it, and one that does is validated like any field.
 */
export function chatCompletionSchema(limits: Config['limits']) {
  const text = messageText(limits);
  const part = z.object({ type: z.literal('text'), text });
  const message = z.object({
    role: z.enum(['system', 'developer', 'user', 'assistant']),
    content: z.union([text, z.array(part).min(1)]),
    name: z.string().max(64).optional(),
  });
  return z.object({
    model: z.string().min(1).max(128),
    messages: z.array(message).min(1).max(limits.maxMessages),
    max_completion_tokens: z.number().int().min(1).optional(),
    ...samplingFields,
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    n: z.literal(1).optional(),
    user: z.string().max(256).optional(),
    collections: collectionsField.optional(),
  });
}

/** `POST /v1/embeddings`. Token-array inputs are not supported. */
export function embeddingsSchema(limits: Config['limits']) {
  const one = messageText(limits).pipe(z.string().min(1, 'input must not be empty'));
  return z.object({
    model: z.string().min(1).max(128),
    input: z.union([one, z.array(one).min(1).max(limits.maxEmbeddingInputs)]),
    // The official SDKs ask for base64 (little-endian float32) by default.
    encoding_format: z.enum(['float', 'base64']).optional(),
    user: z.string().max(256).optional(),
  });
}
