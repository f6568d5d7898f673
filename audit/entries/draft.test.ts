import { describe, expect, it } from 'vitest';
import { canonicalize } from '../jcs.js';
import { code } from '../test-support/errorCode.js';
import { buildDraft } from './draft.js';

const P = '0123456789abcdef'.repeat(4);

const chat = {
  actor: P,
  actor_type: 'user',
  roles: ['clinician', 'staff'],
  action: 'chat.request',
  object: { type: 'conversation', id: '7d0e9c2a-1c1b-4f3e-9a51-2b7f0c3d4e5f' },
  outcome: 'success',
  request_id: 'req_AbCdEf012345',
  policy_hash: 'f'.repeat(64),
  details: {
    model: 'llama-3.1-8b-instruct-q4_k_m',
    prompt_tokens: 812,
    completion_tokens: 240,
    masked: true,
  },
};

describe('buildDraft: accepted drafts', () => {
  it('returns a frozen copy that canonicalises', () => {
    const input = structuredClone(chat);
    const d = buildDraft(input);
    expect(d).toEqual(chat);
    expect(Object.isFrozen(d) && Object.isFrozen(d.details) && Object.isFrozen(d.roles)).toBe(true);
    input.details.prompt_tokens = 1;
    expect(d.details?.prompt_tokens).toBe(812);
    expect(canonicalize(d)).toContain('"action":"chat.request"');
  });

  it('is assignable to the store draft type', () => {
    const asStoreDraft: Record<string, unknown> = buildDraft(chat);
    expect(asStoreDraft.v).toBeUndefined(); // the store writes v = 1 (FORMAT.md §6)
  });

  it('accepts a system actor by component name, with no roles', () => {
    const d = buildDraft({
      actor: 'parley',
      actor_type: 'system',
      roles: [],
      action: 'server.started',
      object: { type: 'server', id: 'node-1' },
      outcome: 'success',
      details: { version: '0.1.0' },
    });
    expect(d.actor).toBe('parley');
  });

  it('omits optional fields rather than writing null', () => {
    const { request_id, policy_hash, details, ...rest } = chat;
    expect(Object.keys(buildDraft(rest)).sort()).toEqual(
      ['action', 'actor', 'actor_type', 'object', 'outcome', 'roles'].sort(),
    );
  });
});

describe('buildDraft: refusals', () => {
  it.each([
    ['a raw user id', { actor: 'user_42' }],
    ['an email', { actor: 'alice@hospital.example' }],
    ['a name', { actor: 'Alice Example' }],
    ['uppercase hex', { actor: P.toUpperCase() }],
    ['a pseudonym as a system actor', { actor_type: 'system', actor: P }],
    ['an unknown actor type', { actor_type: 'robot' }],
    ['an unknown outcome', { outcome: 'ok' }],
    ['a role with spaces', { roles: ['Head Nurse'] }],
    ['duplicate roles', { roles: ['a', 'a'] }],
    ['roles not an array', { roles: 'admin' }],
    ['an object with extra fields', { object: { type: 'conversation', id: 'c1', title: 'x' } }],
    ['an object id with an email', { object: { type: 'conversation', id: 'a@b.c' } }],
    ['free-text reason', { reason: 'Wrong password for alice' }],
    ['a short request id', { request_id: 'abc' }],
    ['a malformed policy hash', { policy_hash: 'abc' }],
    ['a malformed commitment', { personal: 'g'.repeat(64) }],
    ['an unknown key', { note: 'x' }],
    ['a store-owned key', { seq: 1 }],
    ['a store-owned key', { ts: 1 }],
    ['a store-owned key', { prev: 'x' }],
    ['a store-owned key', { v: 1 }],
    ['a float in details', { details: { temperature: 0.7 } }],
    ['NaN in details', { details: { n: Number.NaN } }],
    ['-0 in details', { details: { n: -0 } }],
    ['an unsafe integer', { details: { n: 2 ** 53 } }],
    ['a nested object in details', { details: { usage: { tokens: 1 } } }],
    ['an array in details', { details: { ids: [1, 2] } }],
    ['null in details', { details: { x: null } }],
    ['an uppercase details key', { details: { Model: 'x' } }],
  ])('BAD_ENTRY: %s', (_, patch) => {
    expect(code(() => buildDraft({ ...chat, ...patch }))).toBe('BAD_ENTRY');
  });

  it('refuses a user object whose id is not a pseudonym', () => {
    const lock = { ...chat, action: 'auth.account.locked', object: { type: 'user', id: 'user_42' } };
    expect(code(() => buildDraft(lock))).toBe('BAD_ENTRY');
    expect(buildDraft({ ...lock, object: { type: 'user', id: P } }).object.id).toBe(P);
  });

  it('refuses missing required fields, non-objects and class instances', () => {
    const { outcome, ...noOutcome } = chat;
    expect(code(() => buildDraft(noOutcome))).toBe('BAD_ENTRY');
    expect(code(() => buildDraft(null))).toBe('BAD_ENTRY');
    expect(code(() => buildDraft([chat]))).toBe('BAD_ENTRY');
    expect(code(() => buildDraft(new (class {})()))).toBe('BAD_ENTRY');
    expect(code(() => buildDraft({ ...chat, details: new Map() }))).toBe('BAD_ENTRY');
  });

  it('refuses more than 32 details keys', () => {
    const details = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]));
    expect(code(() => buildDraft({ ...chat, details }))).toBe('BAD_ENTRY');
  });
});

describe('buildDraft: the no-content rule', () => {
  it.each([
    'content',
    'prompt',
    'text',
    'password',
    'token',
    'secret',
    'message_text',
    'api_token',
    'session_token',
    'password_hash',
    'password_length',
    'client_secret_count',
    'user_agent',
    'email',
    'display_name',
    'filename',
    'ip',
    'query',
  ])('refuses the details key %j', (key) => {
    expect(code(() => buildDraft({ ...chat, details: { [key]: 1 } }))).toBe('CONTENT_REFUSED');
  });

  it.each([
    'prompt_tokens',
    'completion_tokens',
    'message_count',
    'text_length',
    'query_chars',
    'token_count',
    'masked_entities',
    'model',
    'hits',
  ])('accepts the metadata key %j', (key) => {
    expect(buildDraft({ ...chat, details: { [key]: 3 } }).details?.[key]).toBe(3);
  });

  it.each([
    ['prose', 'patient has chest pain'],
    ['an email', 'alice@hospital.example'],
    ['an IPv4 address', '203.0.113.7'],
    ['an IPv6 address', '2001:db8::1'],
    ['a Parley API token', 'prl_AbCdEfGhIjKlMnOp'],
    ['base64 with padding', 'c2VjcmV0IHZhbHVl=='],
    ['a newline', 'a\nb'],
    ['65 characters', 'x'.repeat(65)],
  ])('refuses a details string that is %s', (_, value) => {
    expect(code(() => buildDraft({ ...chat, details: { model: value } }))).toBe('CONTENT_REFUSED');
  });

  it('accepts 64 code-like characters', () => {
    expect(buildDraft({ ...chat, details: { model: 'm'.repeat(64) } }).details?.model).toHaveLength(64);
  });
});
