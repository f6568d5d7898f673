import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operator } from '../cli/operator.js';
import { searchCollections } from '../commands/searchDocuments.js';
import { createLogger } from '../observability/logger.js';
import { documentById } from '../storage/documents.js';
import { findEmbeddingSpace, listEmbeddingSpaces } from '../storage/vectors.js';
import { isSpaceComplete } from '../storage/vectorsCoverage.js';
import { postJson } from '../test-support/http.js';
import { catalogFile, sharedModelsDir } from '../test-support/paths.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { closeEmbeddingTransition, openEmbeddingTransition } from './transition.js';

// Issue 7: "When the embedding model changes, affected collections are re-embedded in the
// background and retrieval keeps working on the old vectors until the new ones are complete."
// A real restart: documents are ingested with the demo catalog (the chat model embeds), then
// the server restarts on the same data with a catalog that adds an embedding model (the same
// GGUF under another id: another vector space). Re-embedding is driven step by step here.

const COLLECTION = 'hospital-handbook';
const DOCS = {
  'hygiene.md': '# Hand hygiene\n\nWash hands with soap for twenty seconds before every patient contact.\n',
  'visiting.md':
    '# Visiting hours\n\nVisitors are welcome from ten in the morning to eight in the evening.\n',
  'parking.md': '# Parking\n\nStaff park in the north garage; visitors use the south lot near the helipad.\n',
};
const QUERY = 'when may visitors come to the ward';

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-transition-'));
const catalogDir = mkdtempSync(path.join(tmpdir(), 'parley-catalog-'));
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(catalogDir, { recursive: true, force: true });
});

/** The repository catalog plus an embedding-role entry for the same demo GGUF file. */
function catalogWithEmbeddingModel(): string {
  const base = readFileSync(catalogFile, 'utf8');
  const sha = /sha256: ([0-9a-f]{64})/.exec(base)?.[1];
  const file = path.join(catalogDir, 'catalog.yaml');
  writeFileSync(
    file,
    `${base}\n  - id: stories-embed\n    description: The demo GGUF cataloged as an embedding model.\n    file: stories260K.gguf\n    sha256: ${sha}\n    role: embedding\n    contextSize: 512\n    chatTemplate: model-default\n`,
  );
  return file;
}

function upload(s: TestServer, token: string, name: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(text)]), name);
  return fetch(`${s.url}/api/collections/${COLLECTION}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

async function searchApi(s: TestServer, token: string) {
  const res = await postJson(`${s.url}/api/search`, token, { query: QUERY, collections: [COLLECTION] });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { chunk_id: number; score: number }[] }).data;
}

const direct = (s: TestServer) =>
  searchCollections(s.deps, operator(), [COLLECTION], { query: QUERY }, AbortSignal.timeout(30_000));

describe('issue 7: an embedding-model change', () => {
  it('keeps answering from the old vectors until the new ones are complete, then drops them', async () => {
    // 1. Ingest with the demo catalog: the chat model (stories260k) embeds.
    server = await startTestServer({}, { dataDir, keepDataDir: true });
    for (const [name, text] of Object.entries(DOCS)) {
      expect((await upload(server, admin(server), name, text)).status).toBe(202);
    }
    await server.deps.documents.queue.whenIdle();
    const before = await searchApi(server, server.token('transition-staff').token);
    expect(before.length).toBeGreaterThan(0);
    expect((await direct(server)).some((r) => r.vectorRank !== null)).toBe(true);
    await server.stop();

    // 2. Restart with an embedding model cataloged; re-embedding not started yet.
    server = await startTestServer(
      { models: { dir: sharedModelsDir, catalog: catalogWithEmbeddingModel() } },
      { dataDir, keepDataDir: true, reembedOnStart: false },
    );
    const deps = { ...server.deps, uploads: server.deps.documents.uploads };
    expect(server.deps.engine.embedding.entry.id).toBe('stories-embed');
    const staff = server.token('transition-staff').token;
    expect(await openEmbeddingTransition(deps, [COLLECTION])).toEqual(['stories260k']);
    // The previous model is the chat model: reused for embedding, not loaded a second time.
    expect(server.deps.engine.embedders.map((e) => e.entry.id)).toEqual(['stories-embed', 'stories260k']);
    expect(server.deps.engine.embedders[1]?.model).toBe(server.deps.engine.chat.model);
    const ready = await (await fetch(`${server.url}/readyz`)).json();
    expect(ready).toMatchObject({
      embedding_model: 'stories-embed',
      previous_embedding_models: ['stories260k'],
    });

    // Same old vectors, query embedded by the same old model: the very same ranking and scores.
    expect(await searchApi(server, staff)).toEqual(before);
    const during = await direct(server);
    expect(during.some((r) => r.vectorRank !== null)).toBe(true);

    // 3. A document uploaded meanwhile is embedded by both models: the old space stays complete.
    const oldRef = { id: 'stories260k', sha256: server.deps.engine.chat.entry.sha256, dimensions: 64 };
    const oldSpace = findEmbeddingSpace(server.deps.db, oldRef);
    expect(oldSpace).toBeDefined();
    const res = await upload(
      server,
      admin(server),
      'canteen.md',
      '# Canteen\n\nThe canteen opens at seven.\n',
    );
    expect(res.status).toBe(202);
    const added = (await res.json()) as { id: string };
    await server.deps.documents.queue.whenIdle();
    expect(documentById(server.deps.db, added.id)?.status).toBe('done');
    expect(isSpaceComplete(server.deps.db, oldSpace as NonNullable<typeof oldSpace>, COLLECTION)).toBe(true);
    expect((await direct(server)).some((r) => r.vectorRank !== null)).toBe(true);

    // 4. Re-embedding runs to the end: the new space answers, the old model and vectors go.
    expect(await server.deps.documents.queue.reembed([COLLECTION])).toBe(Object.keys(DOCS).length);
    expect(server.deps.engine.embedders.map((e) => e.entry.id)).toEqual(['stories-embed']);
    expect((await (await fetch(`${server.url}/readyz`)).json()).previous_embedding_models).toEqual([]);
    expect(listEmbeddingSpaces(server.deps.db).map((s) => s.modelId)).toEqual(['stories-embed']);
    for (const r of await direct(server)) {
      expect(documentById(server.deps.db, r.documentId)?.embedding_model).toBe('stories-embed');
    }
    const after = await direct(server);
    expect(after.some((r) => r.vectorRank !== null)).toBe(true);
    // An embedding-role model is fused at equal weight: the scores are no longer the old ones.
    expect((await searchApi(server, staff)).map((r) => r.score)).not.toEqual(before.map((r) => r.score));
    // Nothing left to do: closing again drops nothing and keeps the current space.
    expect(await closeEmbeddingTransition(deps, [COLLECTION])).toBe(0);
  });
});

const admin = (s: TestServer) => s.token('transition-admin', { roles: ['admin'] }).token;

describe('issue 7: an embedding-model change at start-up (serve.ts)', () => {
  it('loads the old model before listening, re-embeds in the background, then drops the old vectors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-transition-start-'));
    try {
      const first = await startTestServer({}, { dataDir: dir, keepDataDir: true });
      const res = await upload(first, admin(first), 'hygiene.md', DOCS['hygiene.md']);
      expect(res.status).toBe(202);
      await first.deps.documents.queue.whenIdle();
      await first.stop();

      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const second = await startTestServer(
        { models: { dir: sharedModelsDir, catalog: catalogWithEmbeddingModel() } },
        { dataDir: dir, keepDataDir: true, logger },
      );
      try {
        const messages = () => lines.map((l) => JSON.parse(l) as { msg: string; model?: string });
        // Loaded before the server answered anything (the first message that names it).
        expect(
          messages().some(
            (m) => m.msg.startsWith('previous embedding model loaded') && m.model === 'stories260k',
          ),
        ).toBe(true);
        const deadline = Date.now() + 30_000;
        while (listEmbeddingSpaces(second.deps.db).length > 1 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(listEmbeddingSpaces(second.deps.db).map((s) => s.modelId)).toEqual(['stories-embed']);
        expect(second.deps.engine.embedders.map((e) => e.entry.id)).toEqual(['stories-embed']);
        expect(messages().some((m) => m.msg === 'dropped the vectors of a previous embedding model')).toBe(
          true,
        );
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
