import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateToken } from '../auth/authenticateToken.js';
import { appDatabasePath, openDatabase } from '../storage/db.js';
import { runCli } from '../test-support/cli.js';
import { policyDir } from '../test-support/paths.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-user-cli-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (...argv: string[]) =>
  runCli(argv, { cwd, env: { PARLEY_POLICY_DIR: policyDir, PARLEY_DATA_DIR: path.join(cwd, 'data') } });

describe('parley user role', () => {
  it('grants a bundle role that then reaches the authenticated actor, and revokes it', async () => {
    const token = (await cli('token', 'create', '--user', 'dana')).stdout.trim();
    expect(
      (await cli('user', 'role', 'grant', '--user', 'dana', '--role', 'compliance_officer')).stdout,
    ).toBe('granted compliance_officer to dana\n');
    expect(
      (await cli('user', 'role', 'grant', '--user', 'dana', '--role', 'compliance_officer')).stdout,
    ).toBe('dana already has compliance_officer\n');
    expect((await cli('user', 'role', 'list', '--user', 'dana')).stdout).toBe('compliance_officer\n');

    const db = openDatabase(appDatabasePath(path.join(cwd, 'data')));
    try {
      expect(authenticateToken(db, token, Date.now()).roles).toEqual(['compliance_officer']);
      expect(
        (await cli('user', 'role', 'revoke', '--user', 'dana', '--role', 'compliance_officer')).code,
      ).toBe(0);
      expect(authenticateToken(db, token, Date.now()).roles).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses a role the bundle does not define, and an unknown user, with exit 2', async () => {
    await cli('token', 'create', '--user', 'dana');
    const bad = await cli('user', 'role', 'grant', '--user', 'dana', '--role', 'superuser');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Role superuser is not defined in the policy bundle \(admin, clinician/);
    const ghost = await cli('user', 'role', 'grant', '--user', 'ghost', '--role', 'admin');
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('No user ghost');
  });

  it('user create hashes the password with argon2id at the configured parameters; bad input is refused', async () => {
    const pw = path.join(cwd, 'pw');
    writeFileSync(pw, 'a long enough passphrase\n', { mode: 0o600 });
    const created = await cli(
      'user',
      'create',
      '--username',
      'bg-admin',
      '--role',
      'admin',
      '--password-file',
      pw,
    );
    expect(created.stdout).toBe('created bg-admin with admin\n');
    const db = openDatabase(appDatabasePath(path.join(cwd, 'data')));
    try {
      const row = db
        .prepare(
          'SELECT c.password_hash AS h FROM local_credentials c JOIN users u ON u.id = c.user_id WHERE u.username = ?',
        )
        .get('bg-admin') as { h: string };
      expect(row.h).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
      expect(row.h).not.toContain('passphrase');
    } finally {
      db.close();
    }
    writeFileSync(pw, 'short\n');
    const short = await cli('user', 'create', '--username', 'x1', '--password-file', pw);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/12/);
    writeFileSync(pw, 'a long enough passphrase\n');
    expect((await cli('user', 'create', '--username', 'bg-admin', '--password-file', pw)).code).toBe(2);
    const role = await cli('user', 'create', '--username', 'x2', '--role', 'root', '--password-file', pw);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('Roles not in the policy bundle: root');
  });
});
