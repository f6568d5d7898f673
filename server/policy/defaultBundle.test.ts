import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { loadBundle } from './load.js';
import { loadTestedBundle } from './store.js';
import { runPolicyTests } from './testRunner.js';
import { PERMISSIONS, type Subject } from './types.js';

// The bundle shipped in the repository (and in the single executable).
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

describe('the default bundle in policies/', () => {
  const bundle = loadBundle(dir);

  it('loads and every one of its tests passes', () => {
    const report = runPolicyTests(bundle);
    const failures = report.results
      .filter((r) => !r.ok)
      .map((r) => `${r.file}:${r.line} ${r.name}: ${r.message}`);
    expect(failures).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(40);
    expect(() => loadTestedBundle(dir)).not.toThrow();
  });

  it('defines the four roles and tests each of them both ways', () => {
    expect([...bundle.rbac.roles.keys()].sort()).toEqual([
      'admin',
      'clinician',
      'compliance_officer',
      'staff',
    ]);
    const results = runPolicyTests(bundle).results;
    for (const who of ['sam', 'nina', 'cora', 'ada']) {
      const mine = results.filter((r) => bundle.tests.find((t) => t.name === r.name)?.subject.user === who);
      expect(
        mine.some((r) => r.expected === 'allow'),
        who,
      ).toBe(true);
      expect(
        mine.some((r) => r.expected === 'deny'),
        who,
      ).toBe(true);
    }
  });

  it('gives no role conversation:read:any except compliance_officer', () => {
    for (const [name, role] of bundle.rbac.roles) {
      expect(role.own.has('conversation:read:any'), name).toBe(name === 'compliance_officer');
    }
  });

  it("gives an admin every admin permission but not other users' conversations", () => {
    const admin: Subject = { id: 'a', username: 'a', groups: ['parley-admins'], attributes: {} };
    const allowed = PERMISSIONS.filter((p) => decide(bundle, admin, p).allow);
    expect(allowed).not.toContain('conversation:read:any');
    expect(allowed).not.toContain('audit:export');
    expect(allowed).toEqual(
      expect.arrayContaining(['user:manage', 'policy:manage', 'token:manage', 'metrics:read']),
    );
  });
});
