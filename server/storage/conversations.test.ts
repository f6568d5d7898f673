import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConversationRow,
  findConversation,
  insertConversation,
  listConversations,
  touchConversation,
} from './conversations.js';
import { type Db, openDatabase } from './db.js';
import { appendMessage, listMessages, type MessageRow } from './messages.js';
import type { Scope } from './scope.js';
import { ensureUser, findUserByUsername } from './users.js';

let db: Db;
let alice: Scope;
let bob: Scope;

beforeEach(() => {
  db = openDatabase(':memory:');
  alice = { userId: ensureUser(db, 'alice', 1).id };
  bob = { userId: ensureUser(db, 'bob', 1).id };
});
afterEach(() => db.close());

function conv(scope: Scope, id: string, createdAt = 100): ConversationRow {
  return insertConversation(db, scope, {
    id,
    title: `t-${id}`,
    model_id: 'stories260k',
    created_at: createdAt,
  });
}

function msg(conversationId: string, id: string, content = 'hi'): Omit<MessageRow, 'seq'> {
  return {
    id,
    conversation_id: conversationId,
    role: 'user',
    content,
    prompt_tokens: null,
    completion_tokens: null,
    finish_reason: null,
    created_at: 200,
  };
}

describe('users', () => {
  it('ensureUser is idempotent per username', () => {
    const again = ensureUser(db, 'alice', 999);
    expect(again.id).toBe(alice.userId);
    expect(again.created_at).toBe(1);
    expect(findUserByUsername(db, 'nobody')).toBeUndefined();
  });
});

describe('conversation scoping', () => {
  it('stores the conversation under the scope user, whatever the caller passes', () => {
    const row = conv(alice, 'c1');
    expect(row.user_id).toBe(alice.userId);
    expect(row.updated_at).toBe(row.created_at);
    expect(findConversation(db, alice, 'c1')).toEqual(row);
  });

  it("user B cannot find, list, touch, append to or read user A's conversation", () => {
    conv(alice, 'c1');
    expect(appendMessage(db, alice, msg('c1', 'm1', 'secret plan'))?.seq).toBe(0);

    expect(findConversation(db, bob, 'c1')).toBeUndefined();
    expect(listConversations(db, bob, { limit: 50 })).toEqual([]);
    expect(listMessages(db, bob, 'c1')).toEqual([]);
    expect(appendMessage(db, bob, msg('c1', 'm-evil', 'injected'))).toBeUndefined();
    touchConversation(db, bob, 'c1', 9_999);

    // A's data is untouched by B's attempts.
    expect(findConversation(db, alice, 'c1')?.updated_at).toBe(100);
    expect(listMessages(db, alice, 'c1').map((m) => m.content)).toEqual(['secret plan']);
    expect(
      (db.prepare("SELECT COUNT(*) AS n FROM messages WHERE id = 'm-evil'").get() as { n: number }).n,
    ).toBe(0);
  });

  it('treats a hostile conversation id as just an id', () => {
    conv(alice, 'c1');
    const evil = "c1' OR '1'='1";
    expect(findConversation(db, bob, evil)).toBeUndefined();
    expect(listMessages(db, bob, evil)).toEqual([]);
    expect(appendMessage(db, bob, msg(evil, 'x'))).toBeUndefined();
  });

  it('an unknown scope sees nothing', () => {
    conv(alice, 'c1');
    expect(listConversations(db, { userId: '' }, { limit: 10 })).toEqual([]);
    expect(findConversation(db, { userId: 'ghost' }, 'c1')).toBeUndefined();
  });
});

describe('messages', () => {
  it('numbers messages per conversation from 0 and lists them in order', () => {
    conv(alice, 'c1');
    conv(alice, 'c2');
    expect(appendMessage(db, alice, msg('c1', 'a'))?.seq).toBe(0);
    expect(appendMessage(db, alice, msg('c1', 'b'))?.seq).toBe(1);
    expect(appendMessage(db, alice, msg('c2', 'c'))?.seq).toBe(0);
    expect(appendMessage(db, alice, msg('c1', 'd'))?.seq).toBe(2);
    expect(listMessages(db, alice, 'c1').map((m) => [m.id, m.seq])).toEqual([
      ['a', 0],
      ['b', 1],
      ['d', 2],
    ]);
  });

  it('refuses a role outside system/user/assistant', () => {
    conv(alice, 'c1');
    expect(() => appendMessage(db, alice, { ...msg('c1', 'x'), role: 'tool' as never })).toThrow(/CHECK/);
  });

  it('touchConversation bumps the owner conversation', () => {
    conv(alice, 'c1');
    touchConversation(db, alice, 'c1', 500);
    expect(findConversation(db, alice, 'c1')?.updated_at).toBe(500);
  });
});

describe('listConversations keyset pagination', () => {
  it('pages most recently active first without gaps or repeats, ties broken by id', () => {
    // Five conversations, three sharing one updated_at to exercise the id tie-break.
    conv(alice, 'a', 100);
    conv(alice, 'b', 300);
    conv(alice, 'c', 300);
    conv(alice, 'd', 300);
    conv(alice, 'e', 200);
    conv(bob, 'z', 400);
    touchConversation(db, alice, 'a', 500);

    const seen: string[] = [];
    let before: { updatedAt: number; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = listConversations(db, alice, { limit: 2, before });
      if (rows.length === 0) break;
      expect(rows.length).toBeLessThanOrEqual(2);
      seen.push(...rows.map((r) => r.id));
      const last = rows[rows.length - 1] as ConversationRow;
      before = { updatedAt: last.updated_at, id: last.id };
    }
    expect(seen).toEqual(['a', 'd', 'c', 'b', 'e']);
  });

  it('honours the limit on the first page', () => {
    for (let i = 0; i < 5; i++) conv(alice, `c${i}`, i);
    expect(listConversations(db, alice, { limit: 3 }).map((r) => r.id)).toEqual(['c4', 'c3', 'c2']);
  });

  it('a cursor pointing at another user row does not leak that user', () => {
    conv(alice, 'a', 100);
    conv(bob, 'b', 50);
    expect(
      listConversations(db, alice, { limit: 10, before: { updatedAt: 1_000, id: 'zzz' } }).map((r) => r.id),
    ).toEqual(['a']);
  });
});
