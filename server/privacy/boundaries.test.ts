import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import { MemoryVault } from '../pii/index.js';
import { postJson, readSse } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { chatPrivacy } from './chat.js';

// Issue 6: the PII boundaries through the real server. The demo model follows no
// instructions, so these tests assert on what it is given and what is stored and shown.

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const MESSAGE = `Please write to ${EMAIL} and charge card ${CARD} today.`;

let server: TestServer;
const lines: string[] = [];
const seen: { role: string; content: string }[][] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  server = await startTestServer({}, { logger: createLogger('trace', sink) });
  server.deps.engine.promptObserver = (turns) => seen.push(turns.map((t) => ({ ...t })));
});
afterAll(async () => {
  await server?.stop();
});

async function converse(token: string): Promise<string> {
  const created = await postJson(`${server.url}/api/conversations`, token, {});
  const { id } = await created.json();
  const res = await postJson(`${server.url}/api/conversations/${id}/messages`, token, {
    content: MESSAGE,
    max_tokens: 4,
  });
  const events = await readSse(res);
  expect(events.at(-1)?.event).toBe('done');
  return id;
}

describe('issue 6: boundaries through the server', () => {
  it('the model is given placeholders, never the values; the audit entry counts them by type', async () => {
    const { token } = server.token('author-1');
    seen.length = 0;
    await converse(token);
    const prompt = JSON.stringify(seen.at(-1));
    expect(prompt).not.toContain(EMAIL);
    expect(prompt).not.toContain('4111');
    expect(prompt).toContain('<EMAIL_ADDRESS_1>');
    expect(prompt).toContain('<CREDIT_CARD_1>');
    const entry = server.deps.auditLog.search.search({ action: 'chat.request' }, -1, 100).entries.at(-1);
    const details = JSON.parse(entry?.body.toString() ?? '{}').details;
    expect(details).toMatchObject({ masked_email_address_count: 1, masked_credit_card_count: 1 });
    expect(details.masked_total).toBeGreaterThanOrEqual(2);
    expect(entry?.body.toString()).not.toContain(EMAIL);
  });

  it('stores placeholders; the author sees values, another role sees placeholders', async () => {
    const { token } = server.token('author-2');
    const id = await converse(token);
    const stored = server.deps.db
      .prepare("SELECT content FROM messages WHERE conversation_id = ? AND role = 'user'")
      .get(id) as { content: string };
    expect(stored.content).not.toContain(EMAIL);
    expect(stored.content).toContain('<EMAIL_ADDRESS_1>');
    // The vault holds the value sealed, never in clear.
    const vault = JSON.stringify(server.deps.db.prepare('SELECT * FROM pii_vault').all());
    expect(vault).not.toContain(EMAIL);

    const mine = await (
      await fetch(`${server.url}/api/conversations/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(mine.messages[0].content).toBe(MESSAGE);

    const officer = server.token('officer-6', { roles: ['compliance_officer'] }).token;
    const theirs = await (
      await fetch(`${server.url}/api/conversations/${id}`, {
        headers: { authorization: `Bearer ${officer}` },
      })
    ).json();
    expect(theirs.messages[0].content).not.toContain(EMAIL);
    expect(theirs.messages[0].content).toContain('<EMAIL_ADDRESS_1>');

    // A clinician is allowed restored values by pii.yaml (display.restore.roles).
    const clinicalOfficer = server.token('officer-clin', {
      roles: ['compliance_officer', 'clinician'],
    }).token;
    const restored = await (
      await fetch(`${server.url}/api/conversations/${id}`, {
        headers: { authorization: `Bearer ${clinicalOfficer}` },
      })
    ).json();
    expect(restored.messages[0].content).toBe(MESSAGE);
  });

  it('the same value keeps its placeholder across messages of a conversation', async () => {
    const { token } = server.token('author-3');
    const id = await converse(token);
    await readSse(
      await postJson(`${server.url}/api/conversations/${id}/messages`, token, {
        content: `Again: ${EMAIL}, and also bob@example.org`,
        max_tokens: 2,
      }),
    );
    const rows = server.deps.db
      .prepare("SELECT content FROM messages WHERE conversation_id = ? AND role = 'user' ORDER BY created_at")
      .all(id) as { content: string }[];
    expect(rows[1]?.content).toContain('<EMAIL_ADDRESS_1>');
    expect(rows[1]?.content).toContain('<EMAIL_ADDRESS_2>');
  });

  it('masks the OpenAI-compatible API too, statelessly', async () => {
    const { token } = server.token('author-4');
    seen.length = 0;
    const res = await postJson(`${server.url}/v1/chat/completions`, token, {
      model: 'stories260k',
      messages: [{ role: 'user', content: MESSAGE }],
      max_tokens: 2,
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(seen)).not.toContain(EMAIL);
    expect(JSON.stringify(seen)).toContain('<EMAIL_ADDRESS_1>');
  });

  it('no log line carries a raw value, even one a component logs by mistake', async () => {
    server.deps.logger.warn({ note: `contact ${EMAIL}` }, `user wrote ${EMAIL}`);
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain('4111 1111');
    expect(all).toContain('<EMAIL_ADDRESS>');
  });

  it('refuses an oversized message before anything of it is stored or masked', async () => {
    const { token } = server.token('author-5');
    const created = await postJson(`${server.url}/api/conversations`, token, {});
    const { id } = await created.json();
    const before = (server.deps.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const res = await postJson(`${server.url}/api/conversations/${id}/messages`, token, {
      content: 'x'.repeat(40_000),
    });
    expect([400, 413]).toContain(res.status);
    expect((server.deps.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(
      before,
    );
  });
});

describe('issue 6: display while streaming', () => {
  it('restores placeholders split anywhere across tokens, never emitting half a value', () => {
    const vault = new MemoryVault();
    const p1 = vault.put({ entityType: 'PERSON', key: 'Jane Doe', value: 'Jane Doe' });
    const p2 = vault.put({ entityType: 'EMAIL_ADDRESS', key: EMAIL, value: EMAIL });
    const answer = `Dear ${p1}, we wrote to ${p2} (<not a placeholder) and ${p1}.`;
    const expected = `Dear Jane Doe, we wrote to ${EMAIL} (<not a placeholder) and Jane Doe.`;
    const bundle = server.deps.policy.current;
    const actor = { kind: 'user', userId: 'u', username: 'u', via: 'session' } as const;
    for (let a = 1; a < answer.length; a++) {
      for (const b of [a + 1, a + 3, a + 11]) {
        if (b >= answer.length) continue;
        const out: string[] = [];
        const privacy = chatPrivacy(server.deps, bundle, actor, vault);
        const shown = privacy.display((t) => out.push(t));
        for (const piece of [answer.slice(0, a), answer.slice(a, b), answer.slice(b)]) shown.onText?.(piece);
        shown.flush();
        expect(out.join('')).toBe(expected);
        for (const chunk of out) expect(chunk).not.toMatch(/<[A-Z_]+(_\d*)?$/);
      }
    }
  });
});

describe('issue 6: logs boundary', () => {
  it("keeps the server's own configuration fields (where it listens) and masks every other string", () => {
    lines.length = 0;
    server.deps.logger.info(
      { url: 'http://10.1.2.3:8080', peer: '10.9.8.7' },
      'listening at http://10.1.2.3:8080',
    );
    const line = JSON.parse(lines.at(-1) ?? '{}');
    expect(line.url).toBe('http://10.1.2.3:8080');
    expect(line.peer).not.toContain('10.9.8.7');
    expect(line.msg).not.toContain('10.1.2.3');
  });
});
