import { afterAll, describe, expect, it } from 'vitest';
import { bundleHash, canonicalJson } from './canonical.js';
import { bundleOf, cleanUpBundles } from './test-support/fixtures.js';

afterAll(cleanUpBundles);

const RBAC = `# A comment
roles:
  staff:
    description: Everyone
    permissions: [chat:use, model:read]
  admin:
    inherits: [staff]
    permissions: [user:manage]
`;
const TESTS = 'cases:\n  - { name: a, subject: { user: u }, action: chat:use, expect: allow }\n';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x' })).toBe('{"a":"x","b":[{"a":null,"z":1}]}');
  });
  it('refuses values parsed YAML cannot produce', () => {
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('bundle hash', () => {
  const base = bundleOf({ 'rbac.yaml': RBAC, 'tests/a.yaml': TESTS }).hash;

  it('is stable under comments, whitespace, quoting, flow style, key order and CRLF', () => {
    const reformatted = `roles:
  # admins first this time
  admin:   { permissions: [ "user:manage" ], inherits: [staff] }
  staff:
    permissions:
      - 'chat:use'
      - model:read     # trailing comment
    description: "Everyone"
`;
    expect(bundleOf({ 'rbac.yaml': reformatted, 'tests/a.yaml': TESTS }).hash).toBe(base);
    expect(bundleOf({ 'rbac.yaml': RBAC.replace(/\n/g, '\r\n'), 'tests/a.yaml': TESTS }).hash).toBe(base);
    expect(bundleOf({ 'rbac.yaml': RBAC, 'tests/a.yaml': TESTS, 'README.md': 'not hashed' }).hash).toBe(base);
  });

  it('changes when a rule, a test or a file name changes', () => {
    const hashes = [
      bundleOf({ 'rbac.yaml': RBAC.replace('model:read', 'search:use'), 'tests/a.yaml': TESTS }).hash,
      bundleOf({
        'rbac.yaml': RBAC.replace('chat:use, model:read', 'model:read, chat:use'),
        'tests/a.yaml': TESTS,
      }).hash,
      bundleOf({ 'rbac.yaml': RBAC, 'tests/a.yaml': TESTS.replace('allow', 'deny') }).hash,
      bundleOf({ 'rbac.yaml': RBAC, 'tests/b.yaml': TESTS }).hash,
      bundleOf({ 'rbac.yaml': RBAC }).hash,
    ];
    expect(new Set([base, ...hashes]).size).toBe(hashes.length + 1);
  });

  it('does not depend on the order files are given in', () => {
    const a = { file: 'rbac.yaml', data: { roles: {} } };
    const b = { file: 'tests/x.yaml', data: { cases: [] } };
    expect(bundleHash([a, b])).toBe(bundleHash([b, a]));
    expect(bundleHash([a, b])).toMatch(/^[0-9a-f]{64}$/);
  });
});
