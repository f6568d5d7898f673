import { z } from 'zod';
import { ACTIONS, OBJECT_TYPES, OUTCOMES } from '../../../audit/entries/index.js';

const time = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 time');

/** `GET /api/audit/entries` query: filters and pagination (attacker-controlled strings). */
export const auditSearchQuery = z
  .object({
    from: time.optional(),
    to: time.optional(),
    user: z.string().min(1).max(200).optional(),
    actor: z
      .string()
      .regex(/^([0-9a-f]{64}|[a-z][a-z0-9_.-]{0,31})$/, 'a 64-hex pseudonym or a component name')
      .optional(),
    action: z.enum(ACTIONS as [string, ...string[]]).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    object_type: z.enum(OBJECT_TYPES).optional(),
    object_id: z.string().min(1).max(200).optional(),
    cursor: z.coerce.number().int().min(-1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** `POST /api/audit/exports`: the period to export (both optional: the whole log). */
export const auditExportBody = z.object({ from: time.optional(), to: time.optional() }).strict();
