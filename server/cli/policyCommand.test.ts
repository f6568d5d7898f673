import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { eventually } from '../test-support/http.js';
import { catalogFile, policyDir, repoRoot, sharedModelsDir } from '../test-support/paths.js';

let cwd: string;
let policies: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-policy-cli-'));
  policies = path.join(cwd, 'policies');
  cpSync(policyDir, policies, { recursive: true });
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (argv: string[]) => runCli(argv, { cwd });

describe('parley policy', () => {
  it('check and hash print the same bundle version; comments do not change it', async () => {
    const check = await cli(['policy', 'check', policies]);
    expect(check.code).toBe(0);
    const hash = (await cli(['policy', 'hash', policies])).stdout.trim();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(check.stdout).toContain(hash);
    const rbac = path.join(policies, 'rbac.yaml');
    writeFileSync(rbac, `# a reviewer's note\n${readFileSync(rbac, 'utf8')}`);
    expect((await cli(['policy', 'hash', policies])).stdout.trim()).toBe(hash);
  });

  it('check names file, line and column of a problem and exits non-zero', async () => {
    const rbac = path.join(policies, 'rbac.yaml');
    const lines = readFileSync(rbac, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('- chat:use'));
    lines[at] = lines[at]?.replace('chat:use', 'chat:abuse') ?? '';
    writeFileSync(rbac, lines.join('\n'));
    const r = await cli(['policy', 'check', policies]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`rbac\\.yaml:${at + 1}:\\d+: .*chat:abuse`));
  });

  it('test passes on the default bundle and reports a failing case with its deciding rule', async () => {
    const ok = await cli(['policy', 'test', policies]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/(\d+) passed, 0 failed/);
    const rbac = path.join(policies, 'rbac.yaml');
    writeFileSync(rbac, readFileSync(rbac, 'utf8').replace('      - chat:use\n', ''));
    const bad = await cli(['policy', 'test', policies]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL .*staff can chat: expected allow, got deny by default-deny/);
    expect(bad.stdout).toMatch(/\d+ passed, [1-9]\d* failed/);
  });

  it('explain shows the decision, the rule chain and the bundle hash', async () => {
    const hash = (await cli(['policy', 'hash', policies])).stdout.trim();
    const allow = await cli([
      'policy',
      'explain',
      '--dir',
      policies,
      '--user',
      'nina',
      '--group',
      'parley-clinicians',
      '--attr',
      'department=nursing',
      '--action',
      'collection:read',
      '--resource',
      'collection:nursing-procedures',
    ]);
    expect(allow.code).toBe(0);
    expect(allow.stdout).toMatch(/^ALLOW collection:read for nina/);
    expect(allow.stdout).toContain('rbac.yaml#/collections/nursing-procedures/grants/0');
    expect(allow.stdout).toContain(`bundle: ${hash}`);
    const deny = await cli(
      ['policy', 'explain', '--dir', policies, '--user', 'omar', '--group', 'parley-clinicians'].concat([
        '--attr',
        'department=cardiology',
        '--action',
        'collection:read',
        '--resource',
        'collection:nursing-procedures',
        '--json',
      ]),
    );
    const decision = JSON.parse(deny.stdout);
    expect(decision.allow).toBe(false);
    expect(decision.bundleHash).toBe(hash);
    expect(decision.chain.length).toBeGreaterThan(0);
    const unknown = await cli([
      'policy',
      'explain',
      '--dir',
      policies,
      '--user',
      'x',
      '--action',
      'do:anything',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown permission do:anything');
  });

  it('apply without a running server validates and says so', async () => {
    const r = await cli(['policy', 'apply', '--config', writeConfig()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid; no running server found/);
  });

  it('apply makes a running server reload (SIGHUP) and confirms the new hash; a failing bundle is not sent', async () => {
    const config = writeConfig();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'scripts/parley-dev.ts'),
        'serve',
        '--config',
        config,
        '--port',
        '0',
      ],
      { cwd: repoRoot, stdio: 'ignore' },
    );
    try {
      await eventually(() => readServerFile() !== undefined || child.exitCode !== null, 1500);
      expect(child.exitCode).toBeNull();
      const rbac = path.join(policies, 'rbac.yaml');
      const original = readFileSync(rbac, 'utf8');
      writeFileSync(rbac, original.replace('      - chat:use\n', ''));
      const refused = await cli(['policy', 'apply', '--config', config]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/policy test\(s\) fail; not applied/);

      writeFileSync(rbac, original.replace('      - model:read\n', ''));
      const applied = await cli(['policy', 'apply', '--config', config]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const newHash = (await cli(['policy', 'hash', policies])).stdout.trim();
      expect(applied.stdout).toBe(`applied ${newHash}\n`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 60_000);
});

function writeConfig(): string {
  const file = path.join(cwd, 'parley.yaml');
  writeFileSync(
    file,
    [
      `dataDir: ${path.join(cwd, 'data')}`,
      `models: { dir: ${sharedModelsDir}, catalog: ${catalogFile} }`,
      `policy: { dir: ${policies} }`,
      'inference: { threads: 1 }',
      'log: { level: silent }',
    ].join('\n'),
  );
  return file;
}

function readServerFile(): string | undefined {
  try {
    return readFileSync(path.join(cwd, 'data', 'server.json'), 'utf8');
  } catch {
    return undefined;
  }
}
