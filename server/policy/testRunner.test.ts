import { afterAll, describe, expect, it } from 'vitest';
import { bundleOf, cleanUpBundles, STAFF_RBAC } from './test-support/fixtures.js';
import { explain, formatDecision, runPolicyTests } from './testRunner.js';

afterAll(cleanUpBundles);

describe('runPolicyTests', () => {
  const bundle = bundleOf({
    'rbac.yaml': STAFF_RBAC,
    'tests/a.yaml': `cases:
  - name: allowed but expects deny
    subject: { user: u }
    action: chat:use
    expect: deny
  - name: fails
    subject: { user: u }
    action: model:read
    expect: allow
  - name: wrong rule
    subject: { user: u }
    action: model:read
    expect: deny
    rule: rbac.yaml#/roles/staff/permissions/0
`,
    'tests/b.yaml': `cases:
  - { name: right rule, subject: { user: u }, action: model:read, expect: deny, rule: default-deny }
`,
  });

  it('reports each case with expected vs actual and the deciding rule', () => {
    const report = runPolicyTests(bundle);
    expect(report).toMatchObject({ passed: 1, failed: 3 });
    expect(report.results.map((r) => [r.file, r.line, r.name, r.ok])).toEqual([
      ['tests/a.yaml', 2, 'allowed but expects deny', false],
      ['tests/a.yaml', 6, 'fails', false],
      ['tests/a.yaml', 10, 'wrong rule', false],
      ['tests/b.yaml', 2, 'right rule', true],
    ]);
    expect(report.results[0]?.message).toBe(
      'expected deny, got allow by rbac.yaml#/roles/staff/permissions/0',
    );
    expect(report.results[1]?.message).toBe('expected allow, got deny by default-deny');
    expect(report.results[2]?.message).toBe(
      'expected deny by rbac.yaml#/roles/staff/permissions/0, got deny by default-deny',
    );
    expect(report.results[1]?.decision.bundleHash).toBe(bundle.hash);
  });
});

describe('explain', () => {
  it('decides for specs and formats the decision', () => {
    const bundle = bundleOf({
      'rbac.yaml': `${STAFF_RBAC}    - conversation:read:own\n`.replace('[chat:use]\n', '\n    - chat:use\n'),
    });
    const { decision, text } = explain(bundle, { user: 'alice' }, 'conversation:read:own', {
      type: 'conversation',
      id: 'c',
      owner: 'alice',
    });
    expect(decision.allow).toBe(true);
    expect(text.split('\n')[0]).toBe('ALLOW conversation:read:own by rbac.yaml#/roles/staff/permissions/1');
    expect(formatDecision(decision)).toContain(`bundle ${bundle.hash}`);
    expect(
      explain(bundle, { user: 'bob' }, 'conversation:read:own', { type: 'conversation', owner: 'alice' })
        .decision.allow,
    ).toBe(false);
  });
});
