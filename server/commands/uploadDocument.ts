import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { requireCollection } from '../collections/access.js';
import type { Deps } from '../deps.js';
import { hashContent, isDocumentError, safeDocumentName, sniffType } from '../documents/index.js';
import { AppError } from '../errors.js';
import type { PolicyBundle } from '../policy/index.js';
import { createDocument, type DocumentRow } from '../storage/documents.js';

/** The outcome of an upload: a queued job, or the document that already holds this content. */
export interface UploadResult {
  document: DocumentRow;
  duplicate: boolean;
}

/**
 * Accepts an upload into a collection the actor may write to (issue 7): the name is cleaned
 * for display (never a path), the type is decided by content sniffing (415 otherwise), and
 * identical content already in the collection is reported instead of stored twice. The bytes
 * wait under the data directory for the background job, which parses and embeds them.
 */
export async function uploadDocument(
  deps: Pick<Deps, 'db' | 'clock' | 'audit' | 'config' | 'documents'>,
  actor: Actor,
  bundle: PolicyBundle,
  input: { collection: string; name: string; bytes: Buffer },
): Promise<UploadResult> {
  requireCollection(bundle, actor, input.collection, 'upload');
  return acceptUpload(deps, actor, input);
}

/**
 * The upload itself, for a collection already authorised (the API above, or the operator at
 * the console naming a collection the bundle declares).
 */
export async function acceptUpload(
  deps: Pick<Deps, 'db' | 'clock' | 'audit' | 'config' | 'documents'>,
  actor: Actor,
  input: { collection: string; name: string; bytes: Buffer },
): Promise<UploadResult> {
  if (input.bytes.length > deps.config.documents.maxUploadBytes)
    throw new AppError(
      'payload_too_large',
      `Documents are limited to ${deps.config.documents.maxUploadBytes} bytes.`,
    );
  let name: string;
  let type: string;
  try {
    name = safeDocumentName(input.name); // attacker-controlled: `../`, NUL, 500 characters
    if (input.bytes.length === 0) throw new AppError('document_invalid', 'The file is empty.');
    type = sniffType(input.bytes, name);
  } catch (err) {
    if (!isDocumentError(err)) throw err;
    if (err.code === 'unsupported_type')
      throw new AppError(
        'unsupported_document',
        'This type of file is not supported (decided by its content).',
      );
    if (err.code === 'bad_name') throw new AppError('invalid_request', 'The file name is not usable.');
    throw new AppError('document_invalid', `The document cannot be read (${err.code}).`);
  }
  const created = createDocument(deps.db, {
    id: `doc_${randomUUID()}`,
    collection: input.collection,
    source_name: name,
    media_type: type,
    size_bytes: input.bytes.length,
    sha256: hashContent(input.bytes),
    // A console operator is not a Parley user (no row to refer to); the audit entry names them.
    uploaded_by: actor.via === 'cli' ? null : actor.userId,
    created_at: deps.clock.now(),
  });
  if (!created.created) return { document: created.existing, duplicate: true };
  deps.documents.uploads.put(created.document.id, input.bytes);
  await deps.audit.record({
    action: 'document.uploaded',
    actor,
    object: { type: 'document', id: created.document.id },
    details: { collection: input.collection, size_bytes: input.bytes.length, media_type: type },
  });
  deps.documents.queue.enqueue(created.document.id);
  return { document: created.document, duplicate: false };
}
