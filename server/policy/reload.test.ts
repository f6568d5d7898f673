import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyDir } from '../test-support/paths.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

// Issue 3: a reload validates and tests the new bundle first; on failure the old one stays.
let dir: string;
let server: TestServer;
let staffToken: string;
const rbac = () => path.join(dir, 'rbac.yaml');
const readyHash = async () => (await (await fetch(`${server.url}/readyz`)).json()).policy_hash as string;
const models = async () =>
  (await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${staffToken}` } })).status;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-policy-'));
  cpSync(policyDir, dir, { recursive: true });
  server = await startTestServer({ policy: { dir } });
  staffToken = server.token('u-staff').token;
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('issue 3: policy reload', () => {
  it('reports the bundle hash in /readyz and in every decision', async () => {
    const hash = await readyHash();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(server.deps.policy.current.hash);
  });

  it('a comment-only change keeps the hash; a rule change takes effect after reload', async () => {
    const before = await readyHash();
    const original = readFileSync(rbac(), 'utf8');
    writeFileSync(rbac(), `# reviewed 2026-11-27\n${original}`);
    expect(await server.reloadPolicy()).toEqual({ ok: true, hash: before });

    // Taking chat:use from staff breaks the bundle's own test "staff can chat": refused.
    writeFileSync(rbac(), original.replace('      - chat:use\n', ''));
    const failed = await server.reloadPolicy();
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.message).toMatch(/staff can chat/);
    expect(await readyHash()).toBe(before);
    expect(await models()).toBe(200);

    // Taking model:read from staff breaks no test: applied, and enforced at once.
    writeFileSync(rbac(), original.replace('      - model:read\n', ''));
    const applied = await server.reloadPolicy();
    expect(applied.ok).toBe(true);
    expect(await readyHash()).not.toBe(before);
    expect(await models()).toBe(403);
    writeFileSync(rbac(), original);
    expect(await server.reloadPolicy()).toEqual({ ok: true, hash: before });
    expect(await models()).toBe(200);
  });

  it('keeps the old bundle on invalid YAML, an unknown permission, a cycle or a YAML bomb', async () => {
    const before = await readyHash();
    const original = readFileSync(rbac(), 'utf8');
    const broken = [
      `${original}\n  : [unbalanced`,
      original.replace('- chat:use', '- chat:everything'),
      original.replace('inherits: [staff]', 'inherits: [admin]'),
      `a: &a [x, x, x]\nb: &b [*a, *a, *a]\n${original}`,
      '\u0000\u0001binary garbage',
    ];
    for (const text of broken) {
      writeFileSync(rbac(), text);
      const result = await server.reloadPolicy();
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/rbac\.yaml/);
      expect(await readyHash()).toBe(before);
      expect(await models()).toBe(200);
    }
    writeFileSync(rbac(), original);
    const metrics = await server.deps.metrics.registry.getSingleMetricAsString('parley_audit_entries_total');
    expect(metrics).toMatch(/action="policy.reload_failed",outcome="error"} [5-9]/);
    // Each refusal is an audit entry naming the bundle that stayed in force.
    const page = server.deps.auditLog.search.search({ action: 'policy.reload_failed' }, -1, 100);
    expect(page.entries.length).toBeGreaterThanOrEqual(5);
    for (const e of page.entries) {
      expect(JSON.parse(e.body.toString())).toMatchObject({
        object: { type: 'policy', id: before },
        outcome: 'error',
        reason: expect.stringMatching(/^policy_(invalid|tests_failed)$/),
      });
    }
  });
});
