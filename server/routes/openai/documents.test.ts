import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTurn } from '../../inference/generate.js';
import { revokeUserRole } from '../../storage/userRoles.js';
import { findUserByUsername } from '../../storage/users.js';
import { addChatDocument } from '../../test-support/chatDocuments.js';
import { postJson } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 7 through the OpenAI-compatible API: `collections` is an extension field of the
// request, `citations` one of the response, and the official client must parse both ways.

const HANDBOOK = 'hospital-handbook'; // policies/rbac.yaml: readable by staff
const ONCOLOGY = 'oncology-protocols'; // readable by admins ("*": manage), not by staff
const H_FIRE = 'Handbook fire rule: when the fire alarm sounds, close the doors and walk to the stairs.';
const Y_FIRE =
  'Oncology restricted protocol: fire evacuation stairs, fire evacuation stairs, evacuation of the chemotherapy unit by the fire stairs.';
const QUESTION = 'fire evacuation stairs';
const MODEL = 'stories260k';

type Citation = Record<string, unknown>;
let server: TestServer;
const prompts: ChatTurn[][] = [];

beforeAll(async () => {
  server = await startTestServer();
  server.deps.engine.promptObserver = (turns) => prompts.push(turns.map((t) => ({ ...t }) as ChatTurn));
  await addChatDocument(
    server,
    HANDBOOK,
    [{ text: H_FIRE, page: 2, section: 'Fire safety' }],
    'handbook.pdf',
  );
  await addChatDocument(server, ONCOLOGY, [{ text: Y_FIRE }], 'oncology.docx');
});
afterAll(async () => {
  await server?.stop();
});

const clientFor = (token: string) =>
  new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });

// A request as a client that knows the extension would build it (not an object literal, so
// that the SDK's own types accept the extra field, as they do at run time).
function params(collections?: string[]) {
  return {
    model: MODEL,
    messages: [{ role: 'user' as const, content: QUESTION }],
    max_tokens: 8,
    ...(collections ? { collections } : {}),
  };
}
const streamParams = (collections?: string[]) => ({ ...params(collections), stream: true as const });

const promptText = () => JSON.stringify(prompts);

describe('collections extension, non-streamed', () => {
  it('returns top-level citations from the named collections; the prompt has the passages', async () => {
    const client = clientFor(server.token('oa-staff').token);
    prompts.length = 0;
    const completion = await client.chat.completions.create(params([HANDBOOK]));
    expect(completion.choices[0]?.message.role).toBe('assistant');
    const citations = (completion as unknown as { citations: Citation[] }).citations;
    expect(citations.length).toBeGreaterThan(0);
    expect(citations[0]).toEqual({
      index: 1,
      document_id: expect.any(String),
      chunk_id: expect.any(Number),
      collection: HANDBOOK,
      source_name: 'handbook.pdf',
      page: 2,
      section: 'Fire safety',
      text: H_FIRE,
      score: expect.any(Number),
    });
    expect(prompts.at(-1)?.at(-2)?.content).toContain(`[1] handbook.pdf, page 2, Fire safety\n${H_FIRE}`);
    expect(promptText()).not.toContain('Oncology');
  });

  it('leaves a standard request untouched: no citations field, no passages in the prompt', async () => {
    const client = clientFor(server.token('oa-plain').token);
    prompts.length = 0;
    const completion = await client.chat.completions.create(params());
    expect('citations' in completion).toBe(false);
    expect(prompts.at(-1)).toEqual([{ role: 'user', content: QUESTION }]);
  });

  it('refuses a collection the caller cannot read with 404 collection_not_found, before generating', async () => {
    const client = clientFor(server.token('oa-denied').token);
    prompts.length = 0;
    for (const collections of [[ONCOLOGY], [HANDBOOK, ONCOLOGY], ['no-such-collection']]) {
      const err = (await client.chat.completions
        .create(params(collections))
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err.code).toBe('collection_not_found');
    }
    // Even the streamed form is refused with a status, before any chunk.
    const res = await postJson(`${server.url}/v1/chat/completions`, server.token('oa-denied-2').token, {
      ...streamParams([ONCOLOGY]),
    });
    expect(res.status).toBe(404);
    expect(prompts).toEqual([]);
  });

  it('validates the field and still ignores unknown ones', async () => {
    const { token } = server.token('oa-fields');
    for (const collections of ['x', ['*'], ['../etc'], [1]]) {
      const res = await postJson(`${server.url}/v1/chat/completions`, token, { ...params(), collections });
      expect(res.status, JSON.stringify(collections)).toBe(400);
    }
    const ok = await postJson(`${server.url}/v1/chat/completions`, token, {
      ...params([HANDBOOK]),
      some_future_field: { nested: true },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).citations.length).toBeGreaterThan(0);
  });

  it('a revoked grant is gone at the next request, though the passage is the best match', async () => {
    const { token } = server.token('oa-admin', { roles: ['admin'] });
    const client = clientFor(token);
    const before = (await client.chat.completions.create(params([HANDBOOK, ONCOLOGY]))) as unknown as {
      citations: Citation[];
    };
    expect(before.citations[0]).toMatchObject({ collection: ONCOLOGY, text: Y_FIRE });

    const userId = findUserByUsername(server.deps.db, 'oa-admin')?.id ?? '';
    expect(revokeUserRole(server.deps.db, userId, 'admin')).toBe(true);
    prompts.length = 0;
    const err = (await client.chat.completions
      .create(params([HANDBOOK, ONCOLOGY]))
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.NotFoundError>;
    expect(err.status).toBe(404);
    const after = (await client.chat.completions.create(params([HANDBOOK]))) as unknown as {
      citations: Citation[];
    };
    expect(after.citations.every((c) => c.collection === HANDBOOK)).toBe(true);
    expect(promptText()).not.toContain('Oncology');
  });
});

describe('collections extension, streamed', () => {
  it('sends the citations in the first chunk, with the role and before any content', async () => {
    const client = clientFor(server.token('oa-stream').token);
    const stream = await client.chat.completions.create(streamParams([HANDBOOK]));
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const [first, ...rest] = chunks;
    const citations = (first as unknown as { citations?: Citation[] }).citations;
    expect(citations?.map((c) => c.collection)).toEqual(citations?.map(() => HANDBOOK));
    expect(citations?.some((c) => c.text === H_FIRE)).toBe(true);
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(rest.every((c) => !('citations' in c))).toBe(true);
    expect(rest.some((c) => (c.choices[0]?.delta.content ?? '').length > 0)).toBe(true);
    expect(rest.every((c) => c.choices[0]?.delta.role === undefined)).toBe(true);
  });

  it('the official stream helper accumulates the answer and keeps the citations', async () => {
    const client = clientFor(server.token('oa-helper').token);
    const runner = client.chat.completions.stream(streamParams([HANDBOOK]));
    let streamed = '';
    runner.on('content', (delta) => {
      streamed += delta;
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(streamed);
    expect(streamed.length).toBeGreaterThan(0);
    const citations = (final as unknown as { citations: Citation[] }).citations;
    expect(citations.some((c) => c.text === H_FIRE)).toBe(true);
  });

  it('sends an empty citations chunk when the named collections hold no documents', async () => {
    // Admins may read every collection ("*"), including one nothing was uploaded to yet.
    const { token } = server.token('oa-empty', { roles: ['admin'] });
    const res = await postJson(`${server.url}/v1/chat/completions`, token, streamParams(['empty-shelf']));
    expect(res.status).toBe(200);
    const lines = (await res.text()).split('\n\n').filter(Boolean);
    const first = JSON.parse(lines[0]?.slice(6) ?? '{}');
    expect(first.citations).toEqual([]);
    expect(first.choices[0].delta.role).toBe('assistant');
    expect(lines.at(-1)).toBe('data: [DONE]');
  });
});
