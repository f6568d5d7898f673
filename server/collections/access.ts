import type { Actor } from '../auth/actor.js';
import { subjectOf } from '../auth/subject.js';
import { AppError } from '../errors.js';
import { decide, type PolicyBundle } from '../policy/index.js';

/**
 * What a caller does to a collection; each is a permission the policy decides together with a
 * grant on the collection (read ⊂ write ⊂ manage, rbac.yaml): reading and searching need read,
 * uploading and deleting documents need write, deleting the collection needs manage.
 */
export type CollectionAccess = 'read' | 'upload' | 'delete' | 'manage';

const PERMISSION = {
  read: 'collection:read',
  upload: 'document:upload',
  delete: 'document:delete',
  manage: 'collection:manage',
} as const;

/** Collection names are the policy's keys (server/policy/schema.ts); anything else cannot exist. */
export const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `actor` has `access` to `collection` under `bundle` (deny by default). */
export function mayAccessCollection(
  bundle: PolicyBundle,
  actor: Actor,
  collection: string,
  access: CollectionAccess,
): boolean {
  if (!COLLECTION_NAME.test(collection)) return false;
  return decide(bundle, subjectOf(actor), PERMISSION[access], { type: 'collection', id: collection }).allow;
}

/**
 * The collections (named in the policy bundle) the actor may read. Retrieval takes this list
 * and applies it inside its queries, so a passage of any other collection can never come back,
 * whatever route asks (issue 7). Re-decided on every request: a revoked grant is gone at once.
 */
export function readableCollections(
  bundle: PolicyBundle,
  actor: Actor,
  wanted?: readonly string[],
): string[] {
  const names = wanted ?? [...bundle.rbac.collections.keys()].filter((n) => n !== '*');
  return [...new Set(names)].filter((name) => mayAccessCollection(bundle, actor, name, 'read'));
}

/** Throws `collection_not_found` (404, as for one that does not exist) unless access is granted. */
export function requireCollection(
  bundle: PolicyBundle,
  actor: Actor,
  collection: string,
  access: CollectionAccess,
): void {
  if (!mayAccessCollection(bundle, actor, collection, access)) {
    // Read denied looks like absence; a reader denied write or manage learns only that.
    const readable = access !== 'read' && mayAccessCollection(bundle, actor, collection, 'read');
    throw readable
      ? new AppError('forbidden', `You may not ${access} documents of this collection.`)
      : new AppError('collection_not_found', 'Collection not found.');
  }
}
