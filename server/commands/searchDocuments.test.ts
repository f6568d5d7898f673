import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../cli/operator.js';
import type { Config } from '../config/schema.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { searchCollections } from './searchDocuments.js';

// Issue 7: "weights configurable; optional MMR for diversity", through the command every
// route uses, with the documents ingested by the real pipeline and the demo model's vectors.

const COLLECTION = 'hospital-handbook';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.token('search-admin', { roles: ['admin'] }).token;
  const docs = {
    'fire-a.md': '# Fire\n\nOn hearing the fire alarm close the doors and wait for the fire warden.\n',
    // Nearly the same passage again (another file, so not a duplicate upload).
    'fire-b.md': '# Fire\n\nOn hearing the fire alarm close the doors and wait for the fire warden!\n',
    'drill.md': '# Drills\n\nFire drills take place twice a year on every ward.\n',
    'visits.md': '# Visiting\n\nVisitors are welcome from ten to eight.\n',
  };
  for (const [name, text] of Object.entries(docs)) {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(text)]), name);
    const res = await fetch(`${server.url}/api/collections/${COLLECTION}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    });
    expect(res.status).toBe(202);
  }
  await server.deps.documents.queue.whenIdle();
});
afterAll(async () => {
  await server?.stop();
});

function withRetrieval(retrieval: Partial<Config['documents']['retrieval']>) {
  const { config } = server.deps;
  const documents = { ...config.documents, retrieval: { ...config.documents.retrieval, ...retrieval } };
  return { ...server.deps, config: { ...config, documents } };
}

const run = (deps: Parameters<typeof searchCollections>[0], query = 'fire alarm warden') =>
  searchCollections(deps, operator(), [COLLECTION], { query, k: 3 }, AbortSignal.timeout(30_000));

describe('searchCollections with the retrieval configuration', () => {
  it('fuses both sides by default (the chat model embeds: vectors only break ties)', async () => {
    const results = await run(server.deps);
    expect(
      results
        .map((r) => r.sourceName)
        .slice(0, 2)
        .sort(),
    ).toEqual(['fire-a.md', 'fire-b.md']);
    expect(results.every((r) => r.vectorRank !== null)).toBe(true);
    expect(results[0]?.textRank).toBe(1);
  });

  it('weights.text 0 ranks by vectors alone; weights.vector 0 by BM25 alone', async () => {
    const vectorsOnly = await run(withRetrieval({ weights: { vector: 1, text: 0 } }));
    expect(vectorsOnly.length).toBe(3);
    expect(vectorsOnly.every((r) => r.textRank === null && r.vectorRank !== null)).toBe(true);
    const textOnly = await run(withRetrieval({ weights: { vector: 0, text: 1 } }));
    expect(textOnly.every((r) => r.vectorRank === null && r.textRank !== null)).toBe(true);
    // BM25 alone finds no passage for words that no document has.
    expect(await run(withRetrieval({ weights: { vector: 0, text: 1 } }), 'zebra xylophone')).toEqual([]);
  });

  it('mmrLambda re-ranks for diversity: 1 keeps the ranking, 0 puts the near-copy last', async () => {
    // The demo model's vectors are all alike (cosine 0.97 to 0.98 here), so only the extremes
    // of λ show: the mechanics, not the quality, of maximal marginal relevance.
    const plain = await run(server.deps);
    expect(
      plain
        .map((r) => r.sourceName)
        .slice(0, 2)
        .sort(),
    ).toEqual(['fire-a.md', 'fire-b.md']);
    const relevanceOnly = await run(withRetrieval({ mmrLambda: 1 }));
    expect(relevanceOnly.map((r) => r.chunkId)).toEqual(plain.map((r) => r.chunkId));
    const diverse = await run(withRetrieval({ mmrLambda: 0 }));
    expect(diverse[0]?.chunkId).toBe(plain[0]?.chunkId);
    const copy = plain[0]?.sourceName === 'fire-a.md' ? 'fire-b.md' : 'fire-a.md';
    expect(diverse.slice(0, 2).map((r) => r.sourceName)).not.toContain(copy);
  });
});
