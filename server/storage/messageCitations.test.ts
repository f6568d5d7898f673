import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConversation, insertConversation, listConversations } from './conversations.js';
import { type Db, openDatabase } from './db.js';
import { type CitationRow, insertMessageCitations, listConversationCitations } from './messageCitations.js';
import { appendMessage } from './messages.js';
import type { Scope } from './scope.js';
import { ensureUser } from './users.js';

let db: Db;
let alice: Scope;
let bob: Scope;

beforeEach(() => {
  db = openDatabase(':memory:');
  alice = { userId: ensureUser(db, 'alice', 1).id };
  bob = { userId: ensureUser(db, 'bob', 1).id };
});
afterEach(() => db.close());

function conv(scope: Scope, id: string, collections?: string[]) {
  return insertConversation(db, scope, { id, title: null, model_id: 'm', created_at: 100, collections });
}

function answer(scope: Scope, conversationId: string, id: string) {
  return appendMessage(db, scope, {
    id,
    conversation_id: conversationId,
    role: 'assistant',
    content: 'see [1]',
    prompt_tokens: 1,
    completion_tokens: 1,
    finish_reason: 'stop',
    created_at: 200,
  });
}

const cite = (message_id: string, idx: number, over: Partial<CitationRow> = {}): CitationRow => ({
  message_id,
  idx,
  chunk_id: 10 + idx,
  document_id: 'doc-1',
  collection: 'hospital-handbook',
  score: 0.5 / idx,
  ...over,
});

const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('conversation collections', () => {
  it('keeps the bound collections in the order given, without duplicates, on every read', () => {
    const row = conv(alice, 'c1', ['b-coll', 'a-coll', 'b-coll']);
    expect(row.collections).toEqual(['b-coll', 'a-coll']);
    expect(findConversation(db, alice, 'c1')).toEqual(row);
    expect(listConversations(db, alice, { limit: 5 })[0]?.collections).toEqual(['b-coll', 'a-coll']);
    expect(conv(alice, 'c2').collections).toEqual([]);
    expect(findConversation(db, alice, 'c2')?.collections).toEqual([]);
  });

  it('writes nothing when the conversation cannot be stored', () => {
    conv(alice, 'c1', ['x']);
    expect(() => conv(alice, 'c1', ['y'])).toThrow(/UNIQUE/);
    expect(findConversation(db, alice, 'c1')?.collections).toEqual(['x']);
    expect(count('conversation_collections')).toBe(1);
  });
});

describe('message citations', () => {
  it('stores and lists citations by message order then index', () => {
    conv(alice, 'c1');
    answer(alice, 'c1', 'm1');
    answer(alice, 'c1', 'm2');
    expect(insertMessageCitations(db, alice, [cite('m2', 1), cite('m1', 2), cite('m1', 1)])).toBe(true);
    expect(listConversationCitations(db, alice, 'c1').map((r) => [r.message_id, r.idx])).toEqual([
      ['m1', 1],
      ['m1', 2],
      ['m2', 1],
    ]);
    expect(listConversationCitations(db, alice, 'c1')[0]).toEqual(cite('m1', 1));
  });

  it("another user can neither add citations to nor list those of someone's conversation", () => {
    conv(alice, 'c1');
    answer(alice, 'c1', 'm1');
    insertMessageCitations(db, alice, [cite('m1', 1)]);
    expect(insertMessageCitations(db, bob, [cite('m1', 2, { document_id: 'forged' })])).toBe(false);
    // One foreign message in a batch refuses the whole batch.
    conv(bob, 'c2');
    answer(bob, 'c2', 'b1');
    expect(insertMessageCitations(db, bob, [cite('b1', 1), cite('m1', 3)])).toBe(false);
    expect(count('message_citations')).toBe(1);
    expect(listConversationCitations(db, bob, 'c1')).toEqual([]);
    expect(listConversationCitations(db, { userId: bob.userId, allUsers: true }, 'c1')).toHaveLength(1);
  });

  it('refuses a duplicate index or an index below 1', () => {
    conv(alice, 'c1');
    answer(alice, 'c1', 'm1');
    expect(() => insertMessageCitations(db, alice, [cite('m1', 1), cite('m1', 1)])).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insertMessageCitations(db, alice, [cite('m1', 0)])).toThrow(/CHECK/);
    expect(count('message_citations')).toBe(0);
  });

  it('goes with its conversation when the conversation is deleted', () => {
    conv(alice, 'c1', ['hospital-handbook']);
    answer(alice, 'c1', 'm1');
    insertMessageCitations(db, alice, [cite('m1', 1)]);
    db.prepare('DELETE FROM conversations WHERE id = ?').run('c1');
    expect(count('message_citations')).toBe(0);
    expect(count('conversation_collections')).toBe(0);
  });
});
