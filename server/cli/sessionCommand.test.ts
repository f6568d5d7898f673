import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, validateSession } from '../auth/sessions.js';
import { systemClock } from '../clock.js';
import { appDatabasePath, type Db, openDatabase } from '../storage/db.js';
import { ensureUser } from '../storage/users.js';
import { runCli } from '../test-support/cli.js';

let cwd: string;
let db: Db;
const config = { idleTimeoutMs: 900_000, absoluteTimeoutMs: 43_200_000, insecureCookiesForTesting: false };

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-session-cli-'));
  db = openDatabase(appDatabasePath(path.join(cwd, 'data')));
});
afterEach(() => {
  db.close();
  rmSync(cwd, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runCli(argv, { cwd, env: { PARLEY_DATA_DIR: path.join(cwd, 'data') } });

function sessionFor(username: string) {
  const user = ensureUser(db, username, Date.now());
  return createSession({ db, clock: systemClock, config }, user.id, 'local');
}

describe('parley session', () => {
  it('lists live sessions and revokes one by id, which ends it at once', async () => {
    const a = sessionFor('ann');
    const b = sessionFor('ben');
    const list = await cli('session', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${a.publicId}\tann\tlocal`);
    expect(list.stdout).toContain(`${b.publicId}\tben\tlocal`);
    expect(list.stdout).not.toContain(a.cookieValue);

    const revoked = await cli('session', 'revoke', a.publicId);
    expect(revoked.stdout).toBe(`revoked ${a.publicId}\n`);
    const entry = await cli('audit', 'search', '--action', 'session.revoked');
    expect(JSON.parse(entry.stdout)).toMatchObject({
      action: 'session.revoked',
      object: { type: 'session', id: a.publicId },
      actor_type: 'user',
      roles: [],
    });
    expect(() => validateSession({ db, clock: systemClock, config }, a.cookieValue)).toThrow(
      /session has ended/,
    );
    expect(validateSession({ db, clock: systemClock, config }, b.cookieValue).actor.username).toBe('ben');
    expect((await cli('session', 'revoke', a.publicId)).code).toBe(2);
  });

  it('revokes every session of a user', async () => {
    sessionFor('cal');
    sessionFor('cal');
    const r = await cli('session', 'revoke', '--user', 'cal');
    expect(r.stdout).toBe('revoked 2 session(s)\n');
    expect((await cli('session', 'list', '--user', 'cal')).stdout.trim().split('\n')).toHaveLength(1);
    expect((await cli('session', 'revoke')).code).toBe(2);
  });
});
