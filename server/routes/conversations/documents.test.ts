import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTurn } from '../../inference/generate.js';
import { countPromptTokens } from '../../inference/generate.js';
import { deleteDocument } from '../../storage/documents.js';
import { revokeUserRole } from '../../storage/userRoles.js';
import { findUserByUsername } from '../../storage/users.js';
import { addChatDocument } from '../../test-support/chatDocuments.js';
import { postJson, readSse, type SseEvent } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 7, chat with documents, through the real server, database and model. The demo model
// follows no instructions: these tests assert on what it was given and what was sent back.

const HANDBOOK = 'hospital-handbook'; // policies/rbac.yaml: readable by staff
const ONCOLOGY = 'oncology-protocols'; // readable by admins ("*": manage), not by staff

const H_FIRE = 'Handbook fire rule: when the fire alarm sounds, close the doors and walk to the stairs.';
const H_HANDS = 'Handbook hygiene rule: clean your hands with alcohol rub before every patient contact.';
// Y's passage is the best match for the question below, by far.
const Y_FIRE =
  'Oncology restricted protocol: fire evacuation stairs, fire evacuation stairs, evacuation of the chemotherapy unit by the fire stairs.';
const QUESTION = 'fire evacuation stairs';
const EMAIL = 'linen.manager@example.com';

let server: TestServer;
const prompts: ChatTurn[][] = [];
let handbookDoc: string;

beforeAll(async () => {
  server = await startTestServer();
  server.deps.engine.promptObserver = (turns) => prompts.push(turns.map((t) => ({ ...t }) as ChatTurn));
  handbookDoc = (
    await addChatDocument(
      server,
      HANDBOOK,
      [
        { text: H_FIRE, page: 2, section: 'Fire safety' },
        { text: H_HANDS, page: 3, section: 'Hand hygiene' },
      ],
      'handbook.pdf',
    )
  ).documentId;
  await addChatDocument(server, ONCOLOGY, [{ text: Y_FIRE, section: 'Evacuation' }], 'oncology.docx');
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, token: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function bind(token: string, collections: string[]): Promise<Response> {
  return postJson(`${server.url}/api/conversations`, token, { collections });
}

async function conversation(token: string, collections: string[]): Promise<string> {
  const res = await bind(token, collections);
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body.collections).toEqual(collections);
  return body.id;
}

interface Asked {
  events: SseEvent[];
  citations: Record<string, unknown>[];
  done: { message: { citations: Record<string, unknown>[]; content: string } };
  prompt: ChatTurn[];
}

async function ask(token: string, id: string, content = QUESTION, maxTokens = 8): Promise<Asked> {
  prompts.length = 0;
  const res = await postJson(`${server.url}/api/conversations/${id}/messages`, token, {
    content,
    max_tokens: maxTokens,
  });
  expect(res.status).toBe(200);
  const events = await readSse(res);
  expect(events.at(-1)?.event, events.at(-1)?.data).toBe('done');
  expect(prompts).toHaveLength(1);
  return {
    events,
    citations: events.filter((e) => e.event === 'citation').map((e) => JSON.parse(e.data)),
    done: JSON.parse(events.at(-1)?.data ?? '{}'),
    prompt: prompts[0] ?? [],
  };
}

const promptText = (turns: readonly ChatTurn[]) => turns.map((t) => t.content).join('\n');

describe('binding a conversation to collections', () => {
  it('binds readable collections and shows them; refuses an unreadable or unknown one as missing (404)', async () => {
    const { token } = server.token('bind-staff');
    const id = await conversation(token, [HANDBOOK]);
    expect((await (await get(`/api/conversations/${id}`, token)).json()).collections).toEqual([HANDBOOK]);
    const list = await (await get('/api/conversations', token)).json();
    expect(list.data[0].collections).toEqual([HANDBOOK]);

    const count = () =>
      (server.deps.db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
    const before = count();
    const denied = await bind(token, [HANDBOOK, ONCOLOGY]);
    expect(denied.status).toBe(404);
    const deniedBody = await denied.json();
    expect(deniedBody.error.code).toBe('collection_not_found');
    const unknown = await bind(token, ['no-such-collection']);
    expect(unknown.status).toBe(404);
    // The same answer for a collection that exists and one that does not.
    expect((await unknown.json()).error.code).toBe('collection_not_found');
    expect(count()).toBe(before);
  });

  it('refuses names no policy could declare, and too many, with 400', async () => {
    const { token } = server.token('bind-bad');
    for (const collections of [
      ['*'],
      ['../etc'],
      [''],
      ['a b'],
      Array.from({ length: 17 }, (_, i) => `c${i}`),
    ]) {
      const res = await bind(token, collections);
      expect(res.status, JSON.stringify(collections)).toBe(400);
    }
    expect((await postJson(`${server.url}/api/conversations`, token, { collections: 'x' })).status).toBe(400);
  });

  it('an unbound conversation answers without documents, as before', async () => {
    const { token } = server.token('unbound');
    const id = await conversation(token, []);
    const r = await ask(token, id);
    expect(r.citations).toEqual([]);
    expect(r.done.message.citations).toEqual([]);
    expect(r.prompt).toEqual([{ role: 'user', content: QUESTION }]);
  });
});

describe('answers with citations', () => {
  it('streams citation events naming only handbook passages, before the first token, and stores them', async () => {
    const { token } = server.token('staff-reader');
    const id = await conversation(token, [HANDBOOK]);
    const r = await ask(token, id);
    const firstToken = r.events.findIndex((e) => e.event === 'token');
    const lastCitation = r.events.findLastIndex((e) => e.event === 'citation');
    expect(lastCitation).toBeGreaterThanOrEqual(0);
    expect(firstToken).toBeGreaterThan(lastCitation);

    expect(r.citations.map((c) => c.collection)).toEqual(r.citations.map(() => HANDBOOK));
    expect(r.citations.map((c) => c.index)).toEqual(r.citations.map((_, i) => i + 1));
    const fire = r.citations.find((c) => c.text === H_FIRE);
    expect(fire).toMatchObject({
      document_id: handbookDoc,
      collection: HANDBOOK,
      source_name: 'handbook.pdf',
      page: 2,
      section: 'Fire safety',
    });
    expect(Object.keys(fire ?? {}).sort()).toEqual(
      [
        'chunk_id',
        'collection',
        'document_id',
        'index',
        'page',
        'score',
        'section',
        'source_name',
        'text',
      ].sort(),
    );
    expect(r.done.message.citations).toEqual(r.citations);

    // The model was given the passages, numbered, in a system turn before the question.
    expect(r.prompt.at(-1)).toEqual({ role: 'user', content: QUESTION });
    const system = r.prompt.at(-2);
    expect(system?.role).toBe('system');
    expect(system?.content).toContain(`[${fire?.index}] handbook.pdf, page 2, Fire safety\n${H_FIRE}`);
    expect(promptText(r.prompt)).not.toContain('Oncology');

    const history = await (await get(`/api/conversations/${id}`, token)).json();
    expect(history.messages[0].citations).toBeNull();
    expect(history.messages[1].citations).toEqual(r.citations);
  });

  it('never gives a staff user a passage of a collection they cannot read, though it is the best match', async () => {
    const ada = server.token('ada-admin', { roles: ['admin'] }).token;
    const both = await conversation(ada, [HANDBOOK, ONCOLOGY]);
    const admin = await ask(ada, both);
    // The restricted passage really is the best match: the checks below could fail.
    expect(admin.citations[0]).toMatchObject({ collection: ONCOLOGY, text: Y_FIRE });
    // A compliance officer may read the conversation, not the collection: its passages stay hidden.
    const officer = server.token('officer-7', { roles: ['compliance_officer'] }).token;
    const audited = await (await get(`/api/conversations/${both}`, officer)).json();
    const shown = audited.messages[1].citations as Record<string, unknown>[];
    expect(shown[0]).toEqual({ index: 1, withheld: true });
    expect(shown.filter((c) => c.collection === HANDBOOK).length).toBeGreaterThan(0);
    expect(JSON.stringify(audited)).not.toContain('Oncology');

    const { token } = server.token('staff-hopeful');
    const id = await conversation(token, [HANDBOOK]);
    const r = await ask(token, id);
    expect(r.citations.length).toBeGreaterThan(0);
    expect(r.citations.every((c) => c.collection === HANDBOOK)).toBe(true);
    expect(JSON.stringify(r.events)).not.toContain('Oncology');
    expect(promptText(r.prompt)).not.toContain('Oncology');
  });

  it('drops a collection at the next request once the grant is revoked, and hides its stored passages', async () => {
    const { token } = server.token('ben-admin', { roles: ['admin'] });
    const both = await conversation(token, [HANDBOOK, ONCOLOGY]);
    const onlyY = await conversation(token, [ONCOLOGY]);
    const before = await ask(token, both);
    expect(before.citations.some((c) => c.collection === ONCOLOGY)).toBe(true);

    const userId = findUserByUsername(server.deps.db, 'ben-admin')?.id ?? '';
    expect(revokeUserRole(server.deps.db, userId, 'admin')).toBe(true);

    const after = await ask(token, both);
    expect(after.citations.length).toBeGreaterThan(0);
    expect(after.citations.every((c) => c.collection === HANDBOOK)).toBe(true);
    expect(promptText(after.prompt)).not.toContain('Oncology');
    expect(JSON.stringify(after.events)).not.toContain('Oncology');

    // With no readable collection left, the answer has no documents at all.
    const none = await ask(token, onlyY);
    expect(none.citations).toEqual([]);
    expect(none.prompt).toEqual([{ role: 'user', content: QUESTION }]);

    // The earlier answer's restricted citations are withheld now, text and ids alike.
    const history = await (await get(`/api/conversations/${both}`, token)).json();
    expect(history.collections).toEqual([HANDBOOK, ONCOLOGY]);
    const earlier = history.messages[1].citations as Record<string, unknown>[];
    expect(earlier).toHaveLength(before.citations.length);
    for (const [i, c] of before.citations.entries()) {
      if (c.collection === ONCOLOGY) expect(earlier[i]).toEqual({ index: c.index, withheld: true });
      else expect(earlier[i]).toEqual(c);
    }
    expect(JSON.stringify(history)).not.toContain('Oncology');
  });

  it('shows a citation of a deleted document as deleted, without failing', async () => {
    const { token } = server.token('del-reader');
    const doc = await addChatDocument(server, HANDBOOK, [
      { text: 'Handbook courier rule: zebra parcels go to the porters.' },
    ]);
    const id = await conversation(token, [HANDBOOK]);
    const r = await ask(token, id, 'zebra parcels courier');
    const cited = r.citations.find((c) => c.document_id === doc.documentId);
    expect(cited).toBeDefined();
    expect(deleteDocument(server.deps.db, [HANDBOOK], doc.documentId)).toBeDefined();

    const res = await get(`/api/conversations/${id}`, token);
    expect(res.status).toBe(200);
    const shown = (await res.json()).messages[1].citations as Record<string, unknown>[];
    expect(shown.find((c) => c.index === cited?.index)).toEqual({
      index: cited?.index,
      document_id: doc.documentId,
      chunk_id: doc.chunkIds[0],
      deleted: true,
    });
    // The other passages cited are still shown in full.
    for (const c of r.citations.filter((x) => x.document_id !== doc.documentId)) {
      expect(shown.find((s) => s.index === c.index)).toEqual(c);
    }
  });
});

describe('the prompt the model receives', () => {
  it('masks personal data in passages, with the placeholders of the conversation', async () => {
    await addChatDocument(server, HANDBOOK, [
      { text: `Handbook linen rule: write to ${EMAIL} when the laundry trolley is empty.` },
    ]);
    const { token } = server.token('pii-reader');
    const id = await conversation(token, [HANDBOOK]);
    const r = await ask(token, id, `laundry trolley linen, and copy ${EMAIL}`);
    expect(r.citations.some((c) => String(c.text).includes('laundry trolley'))).toBe(true);
    const text = promptText(r.prompt);
    expect(text).not.toContain(EMAIL);
    // The question and the passage name the same address: one placeholder for both.
    expect(r.prompt.at(-1)?.content).toContain('<EMAIL_ADDRESS_1>');
    expect(r.prompt.at(-2)?.content).toContain('write to <EMAIL_ADDRESS_1> when the laundry trolley');
  });

  it('adds whole passages in rank order while they fit the context budget, and stops there', async () => {
    // Many matching passages, each far too long for all to fit in 512 tokens.
    const filler = 'Fold each clean sheet twice, stack it on the shelf and record the count in the book.';
    const passages = Array.from({ length: 12 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      return { text: `Quilt step start${n}. ${filler} ${filler} Quilt step end${n}.` };
    });
    await addChatDocument(server, HANDBOOK, passages, 'quilts.txt');
    const { token } = server.token('budget-reader');
    const id = await conversation(token, [HANDBOOK]);
    const maxTokens = 40;
    const r = await ask(token, id, 'quilt step', maxTokens);

    const chat = server.deps.engine.chat;
    const capacity = chat.context.contextSize;
    expect(countPromptTokens(chat, r.prompt) + maxTokens).toBeLessThanOrEqual(capacity);
    const quilts = r.citations.filter((c) => String(c.text).startsWith('Quilt'));
    expect(quilts.length).toBeGreaterThan(0);
    expect(quilts.length).toBeLessThan(passages.length);
    const system = r.prompt.at(-2)?.content ?? '';
    for (const [i, p] of passages.entries()) {
      const n = String(i).padStart(2, '0');
      const cited = quilts.some((c) => c.text === p.text);
      // Whole or absent: never a start without its end, never a cut passage.
      expect(system.includes(`start${n}.`), n).toBe(cited);
      expect(system.includes(`end${n}.`), n).toBe(cited);
      if (cited) expect(system).toContain(p.text);
    }
    // It stopped because the next passage would not fit: the budget was used, not wasted.
    const nextEntry = `\n\n[${r.citations.length + 1}] quilts.txt\nQuilt step start99. ${filler} ${filler} Quilt step end99.`;
    const withNext = [
      ...r.prompt.slice(0, -2),
      { role: 'system' as const, content: system + nextEntry },
      ...r.prompt.slice(-1),
    ];
    expect(countPromptTokens(chat, withNext) + maxTokens).toBeGreaterThan(capacity);
  });

  it('leaves no room for passages when the reply reserve takes the context, and says so with no citations', async () => {
    const { token } = server.token('reserve-reader');
    const id = await conversation(token, [HANDBOOK]);
    const capacity = server.deps.engine.chat.context.contextSize;
    const res = await postJson(`${server.url}/api/conversations/${id}/messages`, token, {
      content: QUESTION,
      max_tokens: capacity,
    });
    // Refused before anything streamed: a proper status, no citation sent.
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('context_length_exceeded');
  });
});
