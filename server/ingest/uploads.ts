import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Keyed by document id (content may repeat across collections, each with its own job).
const DOCUMENT_ID = /^doc_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Uploaded bytes waiting for their ingestion job, stored by document id under
 * `<dataDir>/uploads/` (0600): the file name a user gave is never a path (issue 7: nothing is
 * written outside the data directory). Kept until the job finishes, so a restart resumes it.
 */
export class UploadStore {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = path.join(dataDir, 'uploads');
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
  }

  #file(documentId: string): string {
    if (!DOCUMENT_ID.test(documentId)) throw new TypeError('upload key must be a document id');
    return path.join(this.#dir, documentId);
  }

  put(documentId: string, bytes: Buffer): void {
    writeFileSync(this.#file(documentId), bytes, { mode: 0o600 });
  }

  get(documentId: string): Buffer | undefined {
    try {
      return readFileSync(this.#file(documentId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  remove(documentId: string): void {
    rmSync(this.#file(documentId), { force: true });
  }
}
