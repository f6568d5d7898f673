import type { Actor } from '../auth/actor.js';
import { mayAccessCollection, readableCollections, requireCollection } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import type { PolicyBundle } from '../policy/index.js';
import { type DocumentRow, deleteDocument, getDocument, listDocuments } from '../storage/documents.js';
import { deleteCollectionStep } from '../storage/documentsCollections.js';

type DocDeps = Pick<Deps, 'db' | 'clock' | 'audit'>;

/** A document (its job status) in a collection the actor may read; `document_not_found` otherwise. */
export async function getDocumentFor(
  deps: DocDeps,
  actor: Actor,
  bundle: PolicyBundle,
  id: string,
): Promise<DocumentRow> {
  const doc = getDocument(deps.db, readableCollections(bundle, actor), id);
  if (!doc) throw new AppError('document_not_found', 'Document not found.');
  await deps.audit.record({ action: 'document.read', actor, object: { type: 'document', id } });
  return doc;
}

/** Documents of a readable collection, newest first. */
export function listCollectionDocuments(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  bundle: PolicyBundle,
  collection: string,
  limit: number,
): DocumentRow[] {
  requireCollection(bundle, actor, collection, 'read');
  return listDocuments(deps.db, [collection], { limit, collection });
}

/**
 * Deletes a document with its chunks, vectors and text-index rows in one transaction, from a
 * collection the actor may write to (issue 7); audited.
 */
export async function deleteDocumentFor(
  deps: DocDeps,
  actor: Actor,
  bundle: PolicyBundle,
  id: string,
): Promise<void> {
  const writable = readableCollections(bundle, actor).filter((c) =>
    mayAccessCollection(bundle, actor, c, 'delete'),
  );
  const doc = deleteDocument(deps.db, writable, id);
  if (!doc) throw new AppError('document_not_found', 'Document not found.');
  await deps.audit.record({
    action: 'document.deleted',
    actor,
    object: { type: 'document', id },
    details: { collection: doc.collection, chunk_count: doc.chunk_count },
  });
}

/**
 * Deletes everything in a collection the actor manages, in bounded steps (a large collection
 * must not hold SQLite's single write lock for long); it is hidden from search at the first step.
 */
export async function deleteCollection(
  deps: DocDeps,
  actor: Actor,
  bundle: PolicyBundle,
  collection: string,
): Promise<{ documents: number; chunks: number }> {
  requireCollection(bundle, actor, collection, 'manage');
  let documents = 0;
  let chunks = 0;
  for (;;) {
    const step = deleteCollectionStep(deps.db, collection, deps.clock.now());
    documents += step.documents;
    chunks += step.chunks;
    if (step.done) break;
    await new Promise((r) => setImmediate(r));
  }
  await deps.audit.record({
    action: 'collection.deleted',
    actor,
    object: { type: 'collection', id: collection },
    details: { document_count: documents, chunk_count: chunks },
  });
  return { documents, chunks };
}
