import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, readSse } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { createLogger } from './logger.js';

const lines: string[] = [];
let server: TestServer;
let token: string;
const SECRET = 'Patient Zebra Quixote-4711 MRN 99812';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  // The most verbose level: even debug output must not carry message text.
  server = await startTestServer({}, { logger: createLogger('trace', sink) });
  token = server.token('alice').token;
});
afterAll(async () => {
  await server?.stop();
});

describe('structured logs', () => {
  it('are JSON with a request id, and never contain message, prompt or token text', async () => {
    const conv = await (await postJson(`${server.url}/api/conversations`, token, {})).json();
    const res = await postJson(`${server.url}/api/conversations/${conv.id}/messages`, token, {
      content: SECRET,
      max_tokens: 8,
    });
    const events = await readSse(res);
    const answer = JSON.parse(events.at(-1)?.data ?? '{}').message.content as string;
    await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'stories260k',
      messages: [{ role: 'user', content: SECRET }],
      max_tokens: 4,
    });
    // A rejected request echoes nothing of its body either.
    await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'x',
      messages: [{ role: 'user', content: SECRET }],
    });

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    for (const l of requestLines) expect(l.reqId).toMatch(/^req_/);
    expect(all).not.toContain('Zebra');
    expect(all).not.toContain('99812');
    expect(all).not.toContain(token);
    expect(answer.length).toBeGreaterThan(0);
    // The model's answer is message text too.
    if (answer.trim().length > 12) expect(all).not.toContain(answer.trim());
  });

  it('a denied request is logged with its audit entry: action, outcome and the deciding rule', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    const events = lines.map((l) => JSON.parse(l)).filter((l) => l.audit?.action === 'access.denied');
    expect(events).toHaveLength(1);
    const event = events[0].audit;
    expect(event).toMatchObject({ outcome: 'denied', reason: 'default-deny' });
    expect(event.seq).toBeGreaterThanOrEqual(0);
    const entry = JSON.parse(server.deps.auditLog.store.get(event.seq)?.body.toString() ?? '{}');
    expect(entry).toMatchObject({ details: { permission: 'metrics:read' }, object: { id: 'GET:/metrics' } });
    expect(entry.policy_hash).toBe(server.deps.policy.current.hash);
    expect(JSON.stringify(events)).not.toContain('alice');
  });
});
