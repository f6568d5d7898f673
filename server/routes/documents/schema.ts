import { z } from 'zod';
import { COLLECTION_NAME } from '../../collections/access.js';

/** Collection names as the policy bundle declares them. */
export const collectionParam = z.string().regex(COLLECTION_NAME);

/** Document ids are `doc_<uuid>`. */
export const documentId = /^doc_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `GET /api/collections/:collection/documents` query. */
export const listDocumentsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

/** `POST /api/search`: hybrid retrieval over readable collections (attacker-controlled text). */
export const searchBody = z
  .object({
    query: z.string().trim().min(1).max(4_000),
    collections: z.array(collectionParam).min(1).max(32).optional(),
    k: z.number().int().min(1).max(50).default(10),
  })
  .strict();
