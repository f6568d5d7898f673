import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { decide } from './decide.js';
import { PolicyTestsFailedError } from './errors.js';
import { loadBundle } from './load.js';
import { loadTestedBundle, PolicyStore } from './store.js';
import { cleanUpBundles, STAFF_RBAC, writeBundle } from './test-support/fixtures.js';

afterAll(cleanUpBundles);

const subject = { id: 'u', username: 'u', groups: [], attributes: {} };
const passing = 'cases:\n  - { name: chat, subject: { user: u }, action: chat:use, expect: allow }\n';

describe('PolicyStore', () => {
  const v1 = writeBundle({ 'rbac.yaml': STAFF_RBAC, 'tests/a.yaml': passing });

  it('swaps in a bundle that loads and passes its tests', () => {
    const store = new PolicyStore(loadBundle(v1));
    const before = store.current;
    const v2 = writeBundle({
      'rbac.yaml': `${STAFF_RBAC.replace('[chat:use]', '[chat:use, model:read]')}`,
      'tests/a.yaml': passing,
    });
    const result = store.reload(v2);
    expect(result).toEqual({ ok: true, hash: store.current.hash });
    expect(store.current.hash).not.toBe(before.hash);
    expect(decide(store.current, subject, 'model:read').allow).toBe(true);
    // A request holding the old bundle keeps deciding under it, whole.
    expect(decide(before, subject, 'model:read')).toMatchObject({ allow: false, bundleHash: before.hash });
  });

  it('keeps the old bundle when the new one is invalid', () => {
    const store = new PolicyStore(loadBundle(v1));
    const old = store.current;
    const result = store.reload(writeBundle({ 'rbac.yaml': 'roles:\n  staff:\n    permissions: [nope]\n' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('policy_invalid');
    expect(store.current).toBe(old);
  });

  it('keeps the old bundle when the new one fails its own tests', () => {
    const store = new PolicyStore(loadBundle(v1));
    const old = store.current;
    const failing = passing.replace('allow', 'deny');
    const result = store.reload(writeBundle({ 'rbac.yaml': STAFF_RBAC, 'tests/a.yaml': failing }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('policy_tests_failed');
      expect(result.error).toBeInstanceOf(PolicyTestsFailedError);
      expect((result.error as PolicyTestsFailedError).failures).toEqual([
        {
          file: 'tests/a.yaml',
          line: 2,
          name: 'chat',
          message: 'expected deny, got allow by rbac.yaml#/roles/staff/permissions/0',
        },
      ]);
    }
    expect(store.current).toBe(old);
  });

  it('keeps the old bundle when the directory is gone', () => {
    const store = new PolicyStore(loadBundle(v1));
    const old = store.current;
    expect(store.reload('/nonexistent/parley').ok).toBe(false);
    expect(store.current).toBe(old);
  });
});

describe('loadTestedBundle', () => {
  it('throws policy_tests_failed for a valid bundle whose tests fail', () => {
    const dir = writeBundle({ 'rbac.yaml': STAFF_RBAC, 'tests/a.yaml': passing.replace('allow', 'deny') });
    let caught: unknown;
    try {
      loadTestedBundle(dir);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'policy_tests_failed')).toBe(true);
    expect((caught as Error).message).toContain('tests/a.yaml:2: chat: expected deny, got allow');
  });
});
