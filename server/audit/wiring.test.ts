import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { runCli } from '../test-support/cli.js';
import { postJson } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';
import { auditPaths } from './files.js';

// Issue 5: the server records every security-relevant action in the audit log, answers only
// after the entry is committed, refuses to serve over a damaged log until acknowledged, and
// signs and ships checkpoints on a schedule.

const servers: TestServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const s = await startTestServer(...args);
  servers.push(s);
  return s;
}

function entries(server: TestServer, filter: { action?: string } = {}): Record<string, unknown>[] {
  return server.deps.auditLog.search
    .search(filter, -1, 1000)
    .entries.map((e) => JSON.parse(e.body.toString('utf8')) as Record<string, unknown>);
}

const chat = (server: TestServer, token: string, content: string) =>
  postJson(`${server.url}/v1/chat/completions`, token, {
    model: 'stories260k',
    messages: [{ role: 'user', content }],
    max_tokens: 4,
  });

describe('issue 5: what gets recorded', () => {
  it('records start, policy load, chat requests (counts only), reads and denials; never message text', async () => {
    const server = await start();
    const { token } = server.token('nurse', { roles: ['clinician'] });
    const secret = 'Patient Jane Roe, MRN 4417, complains of chest pain';
    const res = await chat(server, token, secret);
    expect(res.status).toBe(200);
    const completion = await res.json();
    expect(
      (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(403);

    const all = entries(server);
    expect(all.map((e) => e.action)).toEqual(
      expect.arrayContaining(['policy.loaded', 'server.started', 'chat.request', 'access.denied']),
    );
    const request = entries(server, { action: 'chat.request' })[0];
    expect(request).toMatchObject({
      actor_type: 'api_token',
      roles: ['clinician', 'staff'],
      object: { type: 'model', id: 'stories260k' },
      outcome: 'success',
      details: {
        model: 'stories260k',
        prompt_tokens: completion.usage.prompt_tokens,
        completion_tokens: completion.usage.completion_tokens,
        message_count: 1,
      },
      policy_hash: server.deps.policy.current.hash,
    });
    // The actor is a keyed pseudonym, the same one a search by user name finds.
    expect(request?.actor).toBe(
      server.deps.auditLog.auditor.pseudonym(
        (server.deps.db.prepare("SELECT id FROM users WHERE username = 'nurse'").get() as { id: string }).id,
      ),
    );
    expect(request?.request_id).toMatch(/^req_/);
    expect(request?.personal).toMatch(/^[0-9a-f]{64}$/);

    // No prompt or completion text, and no raw user name, anywhere in the audit files.
    server.deps.auditLog.store.checkpoint({
      origin: server.deps.auditLog.origin,
      key: server.deps.auditLog.key.signer,
    });
    const bytes = Buffer.concat(
      readdirSync(server.dataDir)
        .filter((f) => f.startsWith('audit.db'))
        .map((f) => readFileSync(path.join(server.dataDir, f))),
    );
    for (const needle of [
      'Jane Roe',
      'chest pain',
      '4417',
      'nurse',
      completion.choices[0].message.content.trim(),
    ])
      if (needle.length > 3) expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
  });

  it('records a failed generation as an error entry with its reason', async () => {
    const server = await start({ inference: { contextSize: 128 } });
    const { token } = server.token('ann');
    const res = await chat(server, token, 'once upon a time '.repeat(60));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('context_length_exceeded');
    expect(entries(server, { action: 'chat.request' })).toEqual([
      expect.objectContaining({ outcome: 'error', reason: 'context_length_exceeded' }),
    ]);
  });
});

describe('issue 5: configuration changes', () => {
  it('records config.changed when a start runs under different settings than the one before', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-config-'));
    dirs.push(dataDir);
    const a = await startTestServer({ dataDir });
    await a.close(500);
    const b = await startTestServer({ dataDir, inference: { sequences: 2 } });
    await b.close(500);
    const c = await startTestServer({ dataDir, inference: { sequences: 2 } });
    servers.push(c);
    const changes = entries(c, { action: 'config.changed' });
    expect(changes).toHaveLength(1);
    const starts = entries(c, { action: 'server.started' }).map(
      (e) => (e.details as { config_hash: string }).config_hash,
    );
    expect(starts).toHaveLength(3);
    expect(changes[0]?.details).toEqual({ old_hash: starts[0], new_hash: starts[1] });
    expect(starts[1]).toBe(starts[2]);
    expect(entries(c, { action: 'server.stopped' })).toHaveLength(2);
  });
});

describe('issue 5: fail closed', () => {
  it('answers 503 audit_unavailable, and no completion, when the log cannot be written', async () => {
    const server = await start();
    const { token } = server.token('ann');
    expect((await chat(server, token, 'A cat')).status).toBe(200);
    server.deps.auditLog.store.close(); // the log can no longer commit anything
    const res = await chat(server, token, 'A dog');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('audit_unavailable');
    expect(JSON.stringify(body)).not.toContain('choices');
    // A denial cannot go unrecorded either: it also fails closed.
    const denied = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(denied.status).toBe(503);
  });
});

describe('issue 5: start-up verification', () => {
  it('refuses to serve over a damaged log until an operator acknowledges it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-audit-start-'));
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    const { token } = first.token('ops', { roles: ['admin'] });
    expect((await chat(first, token, 'A cat')).status).toBe(200);
    await first.close(500);

    // An administrator with file access rewrites an entry (dropping the guard triggers first).
    const raw = new Database(auditPaths(dataDir).db);
    raw.exec('DROP TRIGGER entries_no_update');
    raw
      .prepare(
        `UPDATE entries SET body = CAST(replace(CAST(body AS TEXT), '"outcome":"success"', '"outcome":"denied"') AS BLOB) WHERE seq = 1`,
      )
      .run();
    raw.close();

    const second = await startTestServer({ dataDir });
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).audit).toMatchObject({
      status: 'mismatch',
      first_bad_seq: 1,
      reason: 'LEAF_MISMATCH',
    });
    const refused = await fetch(`${second.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe('audit_unverified');
    const metrics = await (
      await fetch(`${second.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(metrics).toMatch(/parley_audit_integrity_ok 0/);
    await second.close(500);

    const ack = await runCli(['audit', 'acknowledge'], { cwd: dataDir, env: { PARLEY_DATA_DIR: dataDir } });
    expect(ack.stdout).toMatch(/^acknowledged: seq 1 \(LEAF_MISMATCH\)/);

    const third = await startTestServer({ dataDir });
    servers.push(third);
    const after = await fetch(`${third.url}/readyz`);
    expect(after.status).toBe(200);
    expect((await after.json()).audit).toMatchObject({ status: 'acknowledged', first_bad_seq: 1 });
    expect(
      (await fetch(`${third.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
  });
});

describe('issue 5: checkpoints on a schedule, shipped off the box', () => {
  it('signs every N entries and every T seconds, ships to a file, a command and syslog, and at shutdown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-ship-'));
    dirs.push(dir);
    const shipFile = path.join(dir, 'shipped.txt');
    const cmdFile = path.join(dir, 'command.txt');
    const syslog = createSocket('udp4');
    const datagrams: string[] = [];
    syslog.on('message', (m) => datagrams.push(m.toString('utf8')));
    await new Promise<void>((r) => syslog.bind(0, '127.0.0.1', () => r()));
    try {
      const clock = new ManualClock(Date.now());
      const server = await start(
        {
          audit: {
            checkpointEveryEntries: 3,
            checkpointEverySeconds: 60,
            ship: {
              file: shipFile,
              command: ['sh', '-c', `cat >> '${cmdFile}'`],
              syslog: { host: '127.0.0.1', port: syslog.address().port },
            },
          },
        },
        { clock },
      );
      const before = server.deps.auditLog.store.checkpoints().length;
      const { token } = server.token('ann');
      for (let i = 0; i < 3; i++) await chat(server, token, 'A cat');
      await new Promise((r) => setImmediate(r));
      const afterEntries = server.deps.auditLog.store.checkpoints();
      expect(afterEntries.length).toBeGreaterThan(before);

      await chat(server, token, 'A dog');
      const n = server.deps.auditLog.store.checkpoints().length;
      clock.advance(60_000);
      expect(server.deps.auditLog.store.checkpoints().length).toBe(n + 1);
      expect(server.deps.auditLog.store.checkpoints().at(-1)?.size).toBe(server.deps.auditLog.store.size());

      const shipped = readFileSync(shipFile, 'utf8');
      const notes = shipped.split(`${server.deps.auditLog.origin}\n`).filter(Boolean);
      expect(notes.length).toBe(server.deps.auditLog.store.checkpoints().length);
      expect(shipped).toContain(server.deps.auditLog.store.checkpoints().at(-1)?.note ?? 'missing');
      await expectEventually(() =>
        readFileSync(cmdFile, 'utf8').includes(server.deps.auditLog.store.checkpoints().at(-1)?.note ?? '?'),
      );
      await expectEventually(() =>
        datagrams.some((d) => d.startsWith('<110>1 ') && d.includes('parley/audit | ')),
      );
      // A shipped checkpoint is a trust anchor: the running log verifies against all of them.
      const verify = await postJson(
        `${server.url}/api/audit/verify`,
        server.token('co', { roles: ['compliance_officer'] }).token,
        {},
      );
      expect(await verify.json()).toMatchObject({ valid: true });
    } finally {
      syslog.close();
    }
  });
});

async function expectEventually(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('issue 5: compliance API', () => {
  it('searches by user, exports a bundle whose verify.mjs accepts it, and records both', async () => {
    const server = await start();
    const { token } = server.token('ann');
    await chat(server, token, 'A cat');
    const officer = server.token('officer', { roles: ['compliance_officer'] }).token;
    const search = await fetch(`${server.url}/api/audit/entries?user=ann&action=chat.request`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(search.status).toBe(200);
    const page = await search.json();
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ action: 'chat.request', actor_type: 'api_token' });
    const bad = await fetch(`${server.url}/api/audit/entries?action=rm%20-rf`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(bad.status).toBe(400);

    const res = await postJson(`${server.url}/api/audit/exports`, officer, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-export-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'bundle.tar'), Buffer.from(await res.arrayBuffer()));
    mkdirSync(path.join(dir, 'x'));
    execFileSync('tar', ['-xf', path.join(dir, 'bundle.tar'), '-C', path.join(dir, 'x')]);
    const report = execFileSync(process.execPath, ['verify.mjs'], {
      cwd: path.join(dir, 'x'),
      encoding: 'utf8',
    });
    expect(report).toMatch(/entries valid/);
    expect(report).not.toMatch(/INVALID/);
    expect(entries(server, { action: 'audit.exported' })).toHaveLength(1);
    expect(entries(server, { action: 'audit.read' })).toHaveLength(1);
    // Nothing of the bundle stays on the server.
    await expectEventually(() => readdirSync(path.join(server.dataDir, 'exports')).length === 0);
  });
});

describe('issue 5: erasure (GDPR Art. 17)', () => {
  it('seals IP, user agent and name beside the entry; erasure redacts them and the log still verifies', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-erase-'));
    dirs.push(dataDir);
    const server = await startTestServer({ dataDir });
    const { token } = server.token('ann-erasable');
    const agent = 'ErasureTestAgent/7.1';
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': agent },
      body: JSON.stringify({
        model: 'stories260k',
        messages: [{ role: 'user', content: 'A cat' }],
        max_tokens: 2,
      }),
    });
    expect(res.status).toBe(200);
    const seq = entries(server, { action: 'chat.request' })[0]?.seq as number;
    await server.close(500);
    const cli = (...argv: string[]) => runCli(argv, { cwd: dataDir, env: { PARLEY_DATA_DIR: dataDir } });

    const shown = await cli('audit', 'reveal', '--seq', String(seq));
    expect(JSON.parse(shown.stdout)).toEqual({
      seq,
      personal: { ip: '127.0.0.1', user_agent: agent, display_name: 'ann-erasable' },
    });
    const erased = await cli('audit', 'erase', '--user', 'ann-erasable');
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/^erased [1-9]\d* sealed record/);
    expect(JSON.parse((await cli('audit', 'reveal', '--seq', String(seq))).stdout)).toEqual({
      seq,
      personal: 'redacted',
    });
    const verify = await cli('audit', 'verify', '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ valid: true, redacted_personal: expect.any(Number) });
    expect(JSON.parse(verify.stdout).redacted_personal).toBeGreaterThanOrEqual(1);
    const bytes = Buffer.concat(
      readdirSync(dataDir)
        .filter((f) => f.startsWith('audit.db'))
        .map((f) => readFileSync(path.join(dataDir, f))),
    );
    expect(bytes.includes(Buffer.from(agent))).toBe(false);
    expect(bytes.includes(Buffer.from('ann-erasable'))).toBe(false);
    // The request, the reads and the erasure are all on record.
    const log = (await cli('audit', 'search')).stdout;
    for (const action of ['chat.request', 'audit.personal_read', 'subject.erased', 'audit.verified'])
      expect(log).toContain(`"action":"${action}"`);
  });
});
