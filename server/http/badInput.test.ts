import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

// Issue 2: bad input always gets a clear 4xx and the server stays healthy.
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ server: { bodyLimitBytes: 1024 * 1024 } });
  token = server.token('alice').token;
});
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  // After every hostile request: still alive, still ready, and a real request still works.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});

const url = () => `${server.url}/v1/chat/completions`;
const ok = { model: 'stories260k', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 };

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  return body;
}

/** Sends raw bytes, bypassing fetch's own encoding, so malformed UTF-8 reaches the server. */
function rawPost(
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; json: unknown }> {
  const target = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers },
      (res) => {
        let data = '';
        res.on('data', (c) => {
          data += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('issue 2: bad input', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    await expectError(
      await postJson(url(), token, '{"model": "stories260k", "messages": [}'),
      400,
      'invalid_json',
    );
  });

  it('wrong types → 400 invalid_request naming the field', async () => {
    const body = await expectError(
      await postJson(url(), token, { model: 42, messages: 'hello', temperature: 'hot' }),
      400,
      'invalid_request',
    );
    expect(body.error.message).toContain('model');
    expect(body.error.message).toContain('messages');
    expect(body.error.message).toContain('temperature');
    await expectError(await postJson(url(), token, { ...ok, max_tokens: -5 }), 400, 'invalid_request');
    await expectError(await postJson(url(), token, { ...ok, messages: [] }), 400, 'invalid_request');
    await expectError(await postJson(url(), token, [1, 2, 3]), 400, 'invalid_request');
    await expectError(await postJson(url(), token, { ...ok, n: 3 }), 400, 'invalid_request');
  });

  it('unknown model → 404 model_not_found', async () => {
    await expectError(await postJson(url(), token, { ...ok, model: 'llama-70b' }), 404, 'model_not_found');
  });

  it('max_tokens above the limit → 400 max_tokens_exceeded', async () => {
    await expectError(
      await postJson(url(), token, { ...ok, max_tokens: 1_000_000 }),
      400,
      'max_tokens_exceeded',
    );
  });

  it('oversized body → 413 payload_too_large', async () => {
    const huge = JSON.stringify({
      ...ok,
      messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }],
    });
    await expectError(await postJson(url(), token, huge), 413, 'payload_too_large');
  });

  it('wrong content type → 415 unsupported_media_type', async () => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify(ok),
    });
    await expectError(res, 415, 'unsupported_media_type');
    const form = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'model=stories260k',
    });
    await expectError(form, 415, 'unsupported_media_type');
    const latin1 = await fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify(ok),
    });
    await expectError(latin1, 415, 'unsupported_media_type');
  });

  it('a 1 MB message → 400 message_too_long, and nothing is stored', async () => {
    const conv = await (await postJson(`${server.url}/api/conversations`, token, {})).json();
    const content = 'word '.repeat(200_000); // 1,000,000 characters, under the 1 MiB body limit
    await expectError(
      await postJson(`${server.url}/api/conversations/${conv.id}/messages`, token, { content }),
      400,
      'message_too_long',
    );
    await expectError(
      await postJson(url(), token, { ...ok, messages: [{ role: 'user', content }] }),
      400,
      'message_too_long',
    );
    const stored = await (
      await fetch(`${server.url}/api/conversations/${conv.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect(stored.messages).toHaveLength(0);
  });

  it('invalid UTF-16 (lone surrogates in JSON escapes) → 400 invalid_utf8 naming the field', async () => {
    const body = await expectError(
      await postJson(
        url(),
        token,
        '{"model":"stories260k","messages":[{"role":"user","content":"bad \\ud800 text"}]}',
      ),
      400,
      'invalid_utf8',
    );
    expect(body.error.param).toBe('messages[0].content');
    await expectError(
      await postJson(
        url(),
        token,
        '{"model":"stories260k","messages":[{"role":"user","content":"\\udc00"}]}',
      ),
      400,
      'invalid_utf8',
    );
    // A correctly paired surrogate (an emoji) is fine.
    const good = await postJson(url(), token, { ...ok, messages: [{ role: 'user', content: 'a 🐱 cat' }] });
    expect(good.status).toBe(200);
  });

  it('invalid UTF-8 bytes → 400 invalid_utf8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"model":"stories260k","messages":[{"role":"user","content":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}]}'),
    ]);
    const res = await rawPost('/v1/chat/completions', bytes, {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: string } }).error.code).toBe('invalid_utf8');
  });

  it('unknown routes and methods get JSON errors', async () => {
    await expectError(await fetch(`${server.url}/v1/nope`), 404, 'route_not_found');
    const res = await fetch(`${server.url}/v1/models`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    await expectError(res, 405, 'method_not_allowed');
  });
});
