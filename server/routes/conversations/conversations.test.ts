import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readSse } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

let server: TestServer;
let alice: string;
let bob: string;

beforeAll(async () => {
  server = await startTestServer();
  alice = server.token('alice').token;
  bob = server.token('bob').token;
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, token?: string) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function newConversation(token: string, title?: string): Promise<string> {
  const res = await postJson(`${server.url}/api/conversations`, token, title ? { title } : {});
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

describe('native chat API', () => {
  it('streams an answer as token events then a done event, and stores both turns', async () => {
    const id = await newConversation(alice, 'Bedtime');
    const res = await postJson(`${server.url}/api/conversations/${id}/messages`, alice, {
      content: 'Tell me about a dog',
      max_tokens: 20,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const tokens = events.filter((e) => e.event === 'token').map((e) => JSON.parse(e.data).text as string);
    const done = events[events.length - 1];
    expect(tokens.length).toBeGreaterThan(1);
    expect(done?.event).toBe('done');
    const final = JSON.parse(done?.data ?? '{}');
    expect(final.message.role).toBe('assistant');
    expect(final.message.content).toBe(tokens.join(''));
    expect(final.usage.completion_tokens).toBe(20);
    expect(final.timing.time_to_first_token_ms).toBeGreaterThanOrEqual(0);
    expect(final.timing.duration_ms).toBeGreaterThanOrEqual(final.timing.time_to_first_token_ms);

    const history = await (await get(`/api/conversations/${id}`, alice)).json();
    expect(history.title).toBe('Bedtime');
    expect(history.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(history.messages[0].content).toBe('Tell me about a dog');
    expect(history.messages[1].content).toBe(final.message.content);
    // Presenters output listed fields only: no owner ids or raw rows leak.
    expect(Object.keys(history).sort()).toEqual([
      'collections',
      'created_at',
      'id',
      'messages',
      'model',
      'title',
      'updated_at',
    ]);
  });

  it('carries earlier turns into the next answer', async () => {
    const id = await newConversation(alice);
    for (const content of ['One day', 'Then what?']) {
      const res = await postJson(`${server.url}/api/conversations/${id}/messages`, alice, {
        content,
        max_tokens: 6,
      });
      const events = await readSse(res);
      expect(events[events.length - 1]?.event).toBe('done');
    }
    const second = await postJson(`${server.url}/api/conversations/${id}/messages`, alice, {
      content: 'And?',
      max_tokens: 4,
    });
    const done = JSON.parse((await readSse(second)).pop()?.data ?? '{}');
    const first = await postJson(
      `${server.url}/api/conversations/${await newConversation(alice)}/messages`,
      alice,
      {
        content: 'And?',
        max_tokens: 4,
      },
    );
    const fresh = JSON.parse((await readSse(first)).pop()?.data ?? '{}');
    // The history is part of the prompt, so the longer conversation costs more prompt tokens.
    expect(done.usage.prompt_tokens).toBeGreaterThan(fresh.usage.prompt_tokens + 10);
    const history = await (await get(`/api/conversations/${id}`, alice)).json();
    expect(history.messages).toHaveLength(6);
  });

  it('lists only the caller’s conversations, newest first, with a cursor', async () => {
    const ids = [
      await newConversation(bob, 'b1'),
      await newConversation(bob, 'b2'),
      await newConversation(bob, 'b3'),
    ];
    const page1 = await (await get('/api/conversations?limit=2', bob)).json();
    expect(page1.data.map((c: { title: string }) => c.title)).toEqual(['b3', 'b2']);
    expect(page1.next_cursor).toBe(ids[1]);
    const page2 = await (await get(`/api/conversations?limit=2&after=${page1.next_cursor}`, bob)).json();
    expect(page2.data.map((c: { title: string }) => c.title)).toEqual(['b1']);
    expect(page2.next_cursor).toBeNull();
    const aliceList = await (await get('/api/conversations?limit=100', alice)).json();
    expect(aliceList.data.some((c: { title: string }) => c.title?.startsWith('b'))).toBe(false);
  });

  it('answers 404, not 403, when another user asks for a conversation (existence is not disclosed)', async () => {
    const id = await newConversation(alice, 'private');
    const read = await get(`/api/conversations/${id}`, bob);
    expect(read.status).toBe(404);
    const body = await read.json();
    expect(body.error.code).toBe('conversation_not_found');
    const missing = await get('/api/conversations/conv_00000000-0000-4000-8000-000000000000', bob);
    expect(missing.status).toBe(404);
    // Same answer whether it exists or not, but for the request id.
    expect({ ...(await missing.json()).error, request_id: 0 }).toEqual({ ...body.error, request_id: 0 });

    const write = await postJson(`${server.url}/api/conversations/${id}/messages`, bob, {
      content: 'hi',
      max_tokens: 2,
    });
    expect(write.status).toBe(404);
    const cursor = await get(`/api/conversations?after=${id}`, bob);
    expect(cursor.status).toBe(400);
    // Nothing bob sent was stored in alice's conversation.
    expect((await (await get(`/api/conversations/${id}`, alice)).json()).messages).toHaveLength(0);
  });

  it('answers 404 for a malformed conversation id', async () => {
    for (const id of ['1', "conv_' OR 1=1 --", 'conv_..%2F..%2Fetc']) {
      const res = await get(`/api/conversations/${encodeURIComponent(id)}`, alice);
      expect(res.status).toBe(404);
    }
  });
});

describe('API token authentication', () => {
  it('requires a token on every API route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/conversations'],
      ['POST', '/api/conversations'],
      ['GET', '/v1/models'],
      ['POST', '/v1/chat/completions'],
      ['POST', '/v1/embeddings'],
      ['GET', '/metrics'],
    ];
    for (const [method, path] of routes) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
  });

  it('refuses invalid, revoked and expired tokens alike with 401', async () => {
    const revoked = server.token('carol');
    server.deps.db.prepare('UPDATE api_tokens SET revoked_at = 1 WHERE id = ?').run(revoked.id);
    const expired = server.token('dave', { expiresInMs: 1 });
    server.deps.db.prepare('UPDATE api_tokens SET expires_at = 1 WHERE id = ?').run(expired.id);
    const forged = `prl_${'A'.repeat(43)}`;
    for (const bad of [forged, 'not-a-token', revoked.token, expired.token, `${alice}x`]) {
      const res = await get('/v1/models', bad);
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body.error.code).toBe('invalid_token');
      expect(body.error.type).toBe('authentication_error');
    }
    expect((await get('/v1/models', alice)).status).toBe(200);
  });
});
