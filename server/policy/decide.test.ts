import { afterAll, describe, expect, it } from 'vitest';
import { bundleRoles, decide, effectiveRoles } from './decide.js';
import { bundleOf, cleanUpBundles } from './test-support/fixtures.js';
import type { Subject } from './types.js';

afterAll(cleanUpBundles);

const bundle = bundleOf({
  'rbac.yaml': `defaultRoles: [base]
roles:
  base:
    permissions: [chat:use, conversation:read:own, collection:read]
  reader:
    inherits: [base]
    permissions: [conversation:read:any]
  editor:
    inherits: [base]
    permissions: [collection:write, document:upload]
  boss:
    inherits: [editor, reader]
    permissions: [collection:manage]
  orphan:
    permissions: [metrics:read]
groups:
  g-readers: [reader]
  g-editors: [editor]
users:
  carol: [boss]
collections:
  "*":
    grants:
      - { role: boss, access: manage }
  open:
    grants:
      - { role: base, access: read }
  ward:
    attributes: { department: nursing }
    grants:
      - role: base
        access: read
        when: [{ subject: department, equals: { resource: department } }]
      - group: g-writers
        access: write
`,
});

const user = (username: string, extra: Partial<Subject> = {}): Subject => ({
  id: `id-${username}`,
  username,
  groups: [],
  attributes: {},
  ...extra,
});

describe('roles', () => {
  it('combines default roles, groups, users and local roles, with inheritance', () => {
    expect(effectiveRoles(bundle, user('x'))).toEqual(['base']);
    expect(effectiveRoles(bundle, user('x', { groups: ['g-readers'] }))).toEqual(['base', 'reader']);
    expect(effectiveRoles(bundle, user('carol'))).toEqual(['base', 'boss', 'editor', 'reader']);
    expect(effectiveRoles(bundle, user('x', { roles: ['orphan', 'nonexistent'] }))).toEqual([
      'base',
      'orphan',
    ]);
    expect(bundleRoles(bundle)).toEqual(['base', 'boss', 'editor', 'orphan', 'reader']);
  });

  it('names where each role came from in the chain', () => {
    const d = decide(bundle, user('carol', { groups: ['g-readers'], roles: ['bogus'] }), 'chat:use');
    expect(d.chain[0]).toBe(
      'roles: base (default); reader (group "g-readers"); boss (user "carol"); ignored (not in the bundle): bogus → base, boss, editor, reader',
    );
  });
});

describe('decide: permission-only', () => {
  it('allows by the rule that lists the permission, tied to the bundle', () => {
    const d = decide(bundle, user('x'), 'chat:use');
    expect(d).toMatchObject({
      allow: true,
      rule: 'rbac.yaml#/roles/base/permissions/0',
      bundleHash: bundle.hash,
    });
  });

  it('an inherited permission names the role that lists it', () => {
    expect(decide(bundle, user('carol'), 'document:upload').rule).toBe(
      'rbac.yaml#/roles/editor/permissions/1',
    );
  });

  it('denies by default', () => {
    const d = decide(bundle, user('x'), 'audit:export');
    expect(d).toMatchObject({ allow: false, rule: 'default-deny' });
    expect(d.chain.at(-1)).toBe('no role grants audit:export → deny (default-deny)');
  });

  it('X:own without a resource: X:own or X:any suffices; X:any needs X:any', () => {
    expect(decide(bundle, user('x'), 'conversation:read:own').allow).toBe(true);
    expect(decide(bundle, user('x'), 'conversation:read:any').allow).toBe(false);
    expect(decide(bundle, user('x', { groups: ['g-readers'] }), 'conversation:read:any').allow).toBe(true);
    expect(decide(bundle, user('x'), 'conversation:delete:own').allow).toBe(false);
  });
});

describe('decide: ownership', () => {
  const conv = (ownerId?: string) => ({
    type: 'conversation' as const,
    id: 'c',
    ...(ownerId !== undefined && { ownerId }),
  });

  it('X:own allows only the owner', () => {
    expect(decide(bundle, user('x'), 'conversation:read:own', conv('id-x'))).toMatchObject({
      allow: true,
      rule: 'rbac.yaml#/roles/base/permissions/1',
    });
    const other = decide(bundle, user('x'), 'conversation:read:own', conv('id-y'));
    expect(other).toMatchObject({ allow: false, rule: 'default-deny' });
    expect(other.chain.at(-1)).toContain('does not own');
  });

  it('compares ids, not usernames, and never matches a missing or empty id', () => {
    expect(decide(bundle, user('x'), 'conversation:read:own', conv('x')).allow).toBe(false);
    expect(decide(bundle, user('x'), 'conversation:read:own', conv()).allow).toBe(false);
    expect(decide(bundle, user('x', { id: '' }), 'conversation:read:own', conv('')).allow).toBe(false);
  });

  it("X:any implies X:own on anyone's resource", () => {
    const d = decide(bundle, user('x', { groups: ['g-readers'] }), 'conversation:read:own', conv('id-y'));
    expect(d).toMatchObject({ allow: true, rule: 'rbac.yaml#/roles/reader/permissions/0' });
  });
});

describe('decide: collections', () => {
  const coll = (id: string, attributes?: Record<string, string>) => ({
    type: 'collection' as const,
    id,
    ...(attributes && { attributes }),
  });

  it('needs both the role permission and a grant', () => {
    expect(decide(bundle, user('x'), 'collection:read', coll('open'))).toMatchObject({
      allow: true,
      rule: 'rbac.yaml#/collections/open/grants/0',
    });
    // Grant gives read only; and `x` lacks collection:write anyway.
    expect(decide(bundle, user('x'), 'collection:write', coll('open')).allow).toBe(false);
    // Permission without a grant.
    expect(decide(bundle, user('x', { groups: ['g-editors'] }), 'collection:write', coll('open')).allow).toBe(
      false,
    );
    // Grant without the permission: g-writers has a write grant on ward but no role grants collection:write.
    const d = decide(
      bundle,
      user('x', { groups: ['g-writers'], attributes: { department: 'nursing' } }),
      'collection:write',
      coll('ward'),
    );
    expect(d).toMatchObject({ allow: false, rule: 'default-deny' });
  });

  it('a group grant with enough access allows', () => {
    const d = decide(
      bundle,
      user('x', { groups: ['g-editors', 'g-writers'] }),
      'document:upload',
      coll('ward'),
    );
    expect(d).toMatchObject({ allow: true, rule: 'rbac.yaml#/collections/ward/grants/1' });
  });

  it("checks conditions against policy-declared attributes, which win over the caller's", () => {
    const nurse = user('n', { attributes: { department: 'nursing' } });
    const surgeon = user('s', { attributes: { department: 'surgery' } });
    expect(decide(bundle, nurse, 'collection:read', coll('ward')).allow).toBe(true);
    expect(decide(bundle, surgeon, 'collection:read', coll('ward')).allow).toBe(false);
    expect(decide(bundle, surgeon, 'collection:read', coll('ward', { department: 'surgery' })).allow).toBe(
      false,
    );
    expect(decide(bundle, surgeon, 'collection:read', coll('ward')).chain).toContain(
      'grant rbac.yaml#/collections/ward/grants/0: condition 0 not met: subject.department ("surgery") equals resource.department ("nursing")',
    );
  });

  it('"*" grants apply to every collection, listed or not', () => {
    expect(decide(bundle, user('carol'), 'collection:manage', coll('anything')).rule).toBe(
      'rbac.yaml#/collections/*/grants/0',
    );
    expect(decide(bundle, user('carol'), 'collection:read', coll('ward')).rule).toBe(
      'rbac.yaml#/collections/*/grants/0',
    );
  });

  it('an unknown collection, a collection without id, or another resource type is denied', () => {
    expect(decide(bundle, user('x'), 'collection:read', coll('nope')).allow).toBe(false);
    expect(decide(bundle, user('x'), 'collection:read', { type: 'collection' }).allow).toBe(false);
    expect(decide(bundle, user('x'), 'collection:read', { type: 'document', id: 'open' }).allow).toBe(false);
  });

  it('a collection id like a prototype property is just unknown', () => {
    expect(decide(bundle, user('x'), 'collection:read', coll('constructor')).allow).toBe(false);
    expect(decide(bundle, user('x'), 'collection:read', coll('__proto__')).allow).toBe(false);
  });
});
