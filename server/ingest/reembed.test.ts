import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDocumentChunks } from '../storage/chunks.js';
import { createDocument } from '../storage/documents.js';
import { ensureEmbeddingSpace } from '../storage/vectors.js';
import { isSpaceComplete } from '../storage/vectorsCoverage.js';
import { postJson } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { currentSpace } from './reembed.js';

// Issue 7: when the embedding model changes, collections are re-embedded in the background and
// retrieval keeps working meanwhile. Here the earlier model is no longer in the catalog, so its
// vectors cannot be queried (no model to embed the question): the text index answers until
// re-embedding ends. With the earlier model still cataloged, see transition.test.ts.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('re-embedding after a model change', () => {
  it('serves text-only when the old model is gone from the catalog, then has vectors for every chunk', async () => {
    const { db, clock } = server.deps;
    // A document indexed by an earlier embedding model (its vectors live in another space).
    const old = ensureEmbeddingSpace(
      db,
      { id: 'retired-model', sha256: 'a'.repeat(64), dimensions: 8 },
      clock.now(),
    );
    const created = createDocument(db, {
      id: 'doc_00000000-0000-4000-8000-0000000000aa',
      collection: 'hospital-handbook',
      source_name: 'old.md',
      media_type: 'markdown',
      size_bytes: 10,
      sha256: 'b'.repeat(64),
      uploaded_by: null,
      created_at: clock.now(),
    });
    expect(created.created).toBe(true);
    storeDocumentChunks(db, {
      documentId: 'doc_00000000-0000-4000-8000-0000000000aa',
      space: old,
      now: clock.now(),
      chunks: [
        {
          text: 'The helipad is on the roof of building C.',
          page: null,
          section: 'Transport',
          tokens: 12,
          vector: [1, 0, 0, 0, 0, 0, 0, 0],
        },
      ],
    });
    const space = currentSpace(server.deps);
    expect(isSpaceComplete(db, space, 'hospital-handbook')).toBe(false);
    const staff = server.token('reembed-staff').token;
    const before = (
      await (await postJson(`${server.url}/api/search`, staff, { query: 'helipad roof' })).json()
    ).data;
    expect(before[0]).toMatchObject({ source_name: 'old.md' });

    expect(await server.deps.documents.queue.reembed(['hospital-handbook'])).toBe(1);
    expect(isSpaceComplete(db, space, 'hospital-handbook')).toBe(true);
    const after = (
      await (await postJson(`${server.url}/api/search`, staff, { query: 'helipad roof' })).json()
    ).data;
    expect(after[0]).toMatchObject({ source_name: 'old.md' });
  });
});
