import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/store/index.js';
import { auditOrigin, auditPaths, loadOrCreateAuditKey } from '../audit/files.js';
import { runCli } from '../test-support/cli.js';

// Issue 5 (partial): the compliance officer's CLI over the audit store.
let cwd: string;
let dataDir: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-audit-cli-'));
  dataDir = path.join(cwd, 'data');
  mkdirSync(dataDir);
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCli(argv, { cwd, env: { PARLEY_DATA_DIR: dataDir } });

async function fillLog(n: number): Promise<void> {
  const origin = auditOrigin('parley');
  const key = loadOrCreateAuditKey(auditPaths(dataDir).signingKey, origin);
  const store = openAuditStore(auditPaths(dataDir).db);
  for (let i = 0; i < n; i++) {
    await store.append({
      action: 'server.started',
      actor: 'system',
      outcome: 'success',
      object: { type: 'system', id: `${i}` },
    });
  }
  store.checkpoint({ origin, key: key.signer });
  store.close();
}

describe('parley audit', () => {
  it('pubkey generates the signing key once (0600) and prints its vkey', async () => {
    const first = await cli('audit', 'pubkey');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^parley\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\nkey id: [0-9a-f]{8}\n$/);
    expect(statSync(auditPaths(dataDir).signingKey).mode & 0o777).toBe(0o600);
    expect((await cli('audit', 'pubkey')).stdout).toBe(first.stdout);
    chmodSync(auditPaths(dataDir).signingKey, 0o644);
    const loose = await cli('audit', 'pubkey');
    expect(loose.code).toBe(2);
    expect(loose.stderr).toContain('mode 0600');
  });

  it('verify passes on an intact log and names the first bad seq after tampering with the file', async () => {
    await fillLog(6);
    const ok = await cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^ok: 6 entries, root [0-9a-f]{64}, last checkpoint 6\npersonal details: 0 sealed, 0 redacted \(erased\)\n$/,
    );

    // An attacker with file access drops the triggers and edits an entry.
    const raw = new Database(auditPaths(dataDir).db);
    for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[]) {
      raw.exec(`DROP TRIGGER "${name}"`);
    }
    const body = (raw.prepare('SELECT body FROM entries WHERE seq = 3').get() as { body: Buffer }).body;
    body[body.length - 3] = (body[body.length - 3] ?? 0) ^ 0x01;
    raw.prepare('UPDATE entries SET body = ? WHERE seq = 3').run(body);
    raw.close();
    const bad = await cli('audit', 'verify', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, first_bad_seq: 3, reason: 'LEAF_MISMATCH' });
    // Both verifications are themselves on record (issue 5: verification failures).
    const found = await cli('audit', 'search', '--action', 'audit.verify_failed');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({
      action: 'audit.verify_failed',
      outcome: 'error',
      reason: 'leaf_mismatch',
      details: { first_bad_seq: 3 },
    });
  });

  it('acknowledge records the failure once; the acknowledgement names its seq and reason', async () => {
    await fillLog(5);
    expect((await cli('audit', 'acknowledge')).stdout).toBe(
      'the audit log verifies; nothing to acknowledge\n',
    );
    const raw = new Database(auditPaths(dataDir).db);
    raw.exec('DROP TRIGGER entries_no_update');
    raw
      .prepare(
        'UPDATE entries SET body = CAST(replace(CAST(body AS TEXT), \'"2"\', \'"9"\') AS BLOB) WHERE seq = 2',
      )
      .run();
    raw.close();
    const ack = await cli('audit', 'acknowledge');
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^acknowledged: seq 2 \(LEAF_MISMATCH\)/);
    const again = await cli('audit', 'acknowledge');
    expect(again.stdout).toMatch(/^already acknowledged: seq 2/);
    const entries = (await cli('audit', 'search', '--action', 'audit.acknowledged')).stdout
      .trim()
      .split('\n');
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0] as string)).toMatchObject({
      actor_type: 'user',
      details: { first_bad_seq: 2, reason: 'LEAF_MISMATCH' },
    });
  });

  it('search filters by action and outcome and pages with a cursor; bad flags are refused', async () => {
    await fillLog(7);
    const first = await cli('audit', 'search', '--limit', '3');
    expect(first.code).toBe(0);
    const seqs = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).seq);
    expect(seqs).toEqual([0, 1, 2]);
    expect(first.stderr).toBe('more: --cursor 2\n');
    const next = await cli('audit', 'search', '--limit', '3', '--cursor', '2');
    expect(
      next.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([3, 4, 5]);
    // The searches themselves are audit.read entries by the operator.
    const reads = await cli('audit', 'search', '--action', 'audit.read');
    expect(reads.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect((await cli('audit', 'search', '--limit', '0')).code).toBe(2);
    expect((await cli('audit', 'search', '--cursor', 'abc')).code).toBe(2);
    expect((await cli('audit', 'search', '--from', 'yesterday')).code).toBe(2);
  });

  it('export writes a bundle whose own verify.mjs accepts it', async () => {
    await fillLog(4);
    const out = path.join(cwd, 'export.tar');
    const r = await cli('audit', 'export', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^exported entries 0\.\.3 of 4 to /);
    const dir = path.join(cwd, 'bundle');
    mkdirSync(dir);
    execFileSync('tar', ['-xf', out, '-C', dir]);
    const report = execFileSync(process.execPath, ['verify.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(report).toMatch(/4\/4 entries valid/);
    const none = await cli(
      'audit',
      'export',
      '--out',
      path.join(cwd, 'x.tar'),
      '--from',
      '2999-01-01T00:00:00Z',
    );
    expect(none.code).toBe(2);
  });
});
