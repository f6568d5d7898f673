import { z } from 'zod';
import type { Config } from '../config/schema.js';

/** Message text: bounded, with a specific code when too long. */
export function messageText(limits: Config['limits']) {
  return z.string().superRefine((s, ctx) => {
    if (s.length > limits.maxMessageChars) {
      ctx.addIssue({
        code: 'custom',
        message: `message is ${s.length} characters; at most ${limits.maxMessageChars} are allowed`,
        params: { appCode: 'message_too_long' },
      });
    }
  });
}

/** Sampling fields shared by the native and OpenAI APIs (OpenAI names and ranges). */
export const samplingFields = {
  max_tokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  stop: z
    .union([z.string().min(1), z.array(z.string().min(1).max(256)).max(4)])
    .nullable()
    .optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
};

/** Sampling fields in the form the commands take. */
export function toSampling(b: {
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[] | null;
  seed?: number;
}) {
  return {
    maxTokens: b.max_completion_tokens ?? b.max_tokens,
    temperature: b.temperature,
    topP: b.top_p,
    stop: b.stop == null ? undefined : typeof b.stop === 'string' ? [b.stop] : b.stop,
    seed: b.seed,
  };
}
