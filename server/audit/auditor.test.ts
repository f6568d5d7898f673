import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/store/index.js';
import type { Actor } from '../auth/actor.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config/load.js';
import { AppError } from '../errors.js';
import { loadBundle, PolicyStore } from '../policy/index.js';
import { policyDir } from '../test-support/paths.js';
import { StoreAuditor } from './auditor.js';
import { principal, system } from './events.js';
import { auditOrigin, auditPaths } from './files.js';
import { openAuditService } from './open.js';
import { readShippedNotes } from './ship.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-auditor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const silent = pino({ level: 'silent' });
const key = Buffer.alloc(32, 7);
const policy = new PolicyStore(loadBundle(policyDir));
const alice: Actor = {
  kind: 'user',
  userId: 'u-alice',
  username: 'alice',
  via: 'session',
  roles: ['clinician'],
};

function body(store: ReturnType<typeof openAuditStore>, seq: number): Record<string, unknown> {
  return JSON.parse(store.get(seq)?.body.toString('utf8') ?? 'null');
}

describe('StoreAuditor', () => {
  it('pseudonymises actors and user objects with the key, adds roles in force and the policy hash', async () => {
    const store = openAuditStore(path.join(dir, 'a.db'));
    const auditor = new StoreAuditor({ store, pseudonymKey: key, policy, logger: silent });
    await auditor.record({
      action: 'user.roles_changed',
      actor: alice,
      object: { type: 'user', id: 'u-bob' },
    });
    const e = body(store, 0);
    expect(e).toMatchObject({
      actor: auditor.pseudonym('u-alice'),
      actor_type: 'user',
      roles: ['clinician', 'staff'],
      object: { type: 'user', id: auditor.pseudonym('u-bob') },
      outcome: 'success',
      policy_hash: policy.current.hash,
    });
    expect(JSON.stringify(e)).not.toContain('alice');
    expect(JSON.stringify(e)).not.toContain('u-bob');
    // A different key gives different pseudonyms: the database alone cannot link them.
    const other = new StoreAuditor({ store, pseudonymKey: Buffer.alloc(32, 8), policy, logger: silent });
    expect(other.pseudonym('u-alice')).not.toBe(auditor.pseudonym('u-alice'));
    store.close();
  });

  it('records API-token actors as api_token, principals without roles, and system components by name', async () => {
    const store = openAuditStore(path.join(dir, 'a.db'));
    const auditor = new StoreAuditor({ store, pseudonymKey: key, policy, logger: silent });
    await auditor.record({
      action: 'token.revoked',
      actor: { ...alice, via: 'api_token' },
      object: { type: 'api_token', id: 'tok_1' },
    });
    await auditor.record({
      action: 'auth.login.failed',
      actor: principal(undefined, 'mallory'),
      object: { type: 'user', id: 'name:mallory' },
      outcome: 'denied',
      reason: 'unknown_user',
    });
    await auditor.record({
      action: 'server.started',
      actor: system('server'),
      object: { type: 'server', id: 'parley' },
    });
    expect(body(store, 0)).toMatchObject({ actor_type: 'api_token' });
    expect(body(store, 1)).toMatchObject({
      actor_type: 'user',
      roles: [],
      actor: auditor.pseudonym('name:mallory'),
    });
    expect(body(store, 2)).toMatchObject({ actor_type: 'system', actor: 'server', roles: [] });
    store.close();
  });

  it('refuses content in details before anything is written (a programming error, not a 503)', async () => {
    const store = openAuditStore(path.join(dir, 'a.db'));
    const auditor = new StoreAuditor({ store, pseudonymKey: key, policy, logger: silent });
    await expect(
      auditor.record({
        action: 'chat.request',
        actor: alice,
        object: { type: 'model', id: 'm' },
        details: { prompt: 'Patient Jane Roe' } as never,
      }),
    ).rejects.toThrow(/content/);
    expect(store.size()).toBe(0);
    store.close();
  });

  it('turns a failed append into audit_unavailable and counts it', async () => {
    const store = openAuditStore(path.join(dir, 'a.db'));
    const failures: string[] = [];
    const metrics = {
      auditEntries: { inc: () => {} },
      auditFailures: { inc: (l: { stage: string }) => failures.push(l.stage) },
    } as never;
    const auditor = new StoreAuditor({ store, pseudonymKey: key, policy, logger: silent, metrics });
    store.close();
    const err = await auditor
      .record({ action: 'auth.logout', actor: alice, object: { type: 'session', id: 'ses_1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('audit_unavailable');
    expect(failures).toEqual(['append']);
  });
});

describe('openAuditService', () => {
  it('creates its three keys 0600 outside the database and signs a checkpoint at close', async () => {
    const config = loadConfig({
      env: {},
      cwd: dir,
      flags: { dataDir: dir, audit: { ship: { file: path.join(dir, 'ship.txt') } } },
    });
    const clock = new ManualClock();
    const svc = openAuditService(config, { clock, logger: silent, policy });
    expect(svc.health.state.status).toBe('verified');
    await svc.auditor.record({
      action: 'server.started',
      actor: system('server'),
      object: { type: 'server', id: 'p' },
    });
    svc.close();
    const paths = auditPaths(dir);
    for (const file of [paths.signingKey, paths.pseudonymKey, paths.subjectKek]) {
      const { statSync } = await import('node:fs');
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const notes = readShippedNotes(path.join(dir, 'ship.txt'), auditOrigin('parley'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^parley\/audit\n1\n[A-Za-z0-9+/=]{44}\n\n— parley\/audit /);
  });

  it('reads shipped notes back even when the file has several, and ignores a torn head', () => {
    const file = path.join(dir, 'ship.txt');
    writeFileSync(
      file,
      'garbage from a torn write\nparley/audit\n1\nAAAA\n\n— sig\nparley/audit\n2\nBBBB\n\n— sig2\n',
    );
    expect(readShippedNotes(file, 'parley/audit')).toEqual([
      'parley/audit\n1\nAAAA\n\n— sig\n',
      'parley/audit\n2\nBBBB\n\n— sig2\n',
    ]);
    expect(readShippedNotes(path.join(dir, 'none.txt'), 'parley/audit')).toEqual([]);
    expect(readFileSync(file, 'utf8')).toContain('torn');
  });
});
