import { describe, expect, it } from 'vitest';
import { code } from '../test-support/errorCode.js';
import { buildDraft } from './draft.js';
import { ACTIONS, isAction, OBJECT_TYPES, VOCABULARY } from './vocabulary.js';

const P = 'a'.repeat(64);

describe('vocabulary', () => {
  it('holds every action the product needs', () => {
    for (const a of [
      'auth.login.succeeded',
      'auth.login.failed',
      'auth.mfa.enrolled',
      'auth.account.locked',
      'auth.account.unlocked',
      'auth.logout',
      'session.revoked',
      'token.created',
      'token.revoked',
      'chat.request',
      'conversation.read',
      'document.uploaded',
      'document.read',
      'document.deleted',
      'collection.searched',
      'policy.loaded',
      'policy.reloaded',
      'policy.reload_failed',
      'access.denied',
      'audit.exported',
      'audit.verified',
      'audit.verify_failed',
      'audit.acknowledged',
      'retention.purged',
      'subject.erased',
      'config.changed',
      'admin.action',
      'server.started',
      'server.stopped',
    ])
      expect(isAction(a), a).toBe(true);
  });

  it('names actions as lowercase dotted words and documents each', () => {
    for (const a of ACTIONS) {
      expect(a).toMatch(/^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*){1,2}$/);
      const spec = VOCABULARY[a];
      expect(spec.doc.length).toBeGreaterThan(5);
      if (spec.objects !== 'any') for (const t of spec.objects) expect(OBJECT_TYPES).toContain(t);
    }
  });

  it('does not take inherited names for actions', () => {
    expect(isAction('toString')).toBe(false);
    expect(isAction('__proto__')).toBe(false);
    expect(isAction(42)).toBe(false);
  });
});

describe('vocabulary enforced by buildDraft', () => {
  const base = {
    actor: P,
    actor_type: 'user',
    roles: ['clinician'],
    action: 'document.read',
    object: { type: 'document', id: 'doc_01HX' },
    outcome: 'success',
  };

  it('accepts an action of the vocabulary', () => {
    expect(buildDraft(base).action).toBe('document.read');
  });

  it.each(['document.viewed', 'Document.read', 'document.read ', 'toString', ''])(
    'refuses the unknown action %j',
    (action) => {
      expect(code(() => buildDraft({ ...base, action }))).toBe('UNKNOWN_ACTION');
    },
  );

  it('refuses an object type the action does not act on', () => {
    expect(code(() => buildDraft({ ...base, object: { type: 'conversation', id: 'c1' } }))).toBe(
      'UNKNOWN_ACTION',
    );
  });

  it('lets access.denied name any object, but only as denied', () => {
    const denied = { ...base, action: 'access.denied', object: { type: 'collection', id: 'x' } };
    expect(buildDraft({ ...denied, outcome: 'denied' }).outcome).toBe('denied');
    expect(code(() => buildDraft({ ...denied, outcome: 'success' }))).toBe('UNKNOWN_ACTION');
  });

  it('refuses a failure action recorded as success', () => {
    const failed = { ...base, action: 'auth.login.failed', object: { type: 'user', id: P } };
    expect(code(() => buildDraft({ ...failed, outcome: 'success' }))).toBe('UNKNOWN_ACTION');
    expect(buildDraft({ ...failed, outcome: 'denied', reason: 'bad_password' }).reason).toBe('bad_password');
  });
});
