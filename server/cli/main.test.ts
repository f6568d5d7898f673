import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../auth/tokens.js';
import { runCli } from '../test-support/cli.js';
import { catalogFile, sharedModelsDir } from '../test-support/paths.js';

const MODEL = 'stories260K.gguf';
const PINNED = /sha256: ([0-9a-f]{64})/.exec(readFileSync(catalogFile, 'utf8'))?.[1] as string;

let cwd: string;
let dataDir: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
  dataDir = path.join(cwd, 'state');
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { cwd, env });

describe('parley token', () => {
  it('create prints exactly one token line on stdout and the id on stderr', async () => {
    const r = await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir, '--expires', '30d']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^prl_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toMatch(/token tok_[0-9a-f-]{36} for alice, expires \d{4}-\d\d-\d\dT/);
    expect(r.stderr).not.toContain(r.stdout.trim());
  });

  it('list shows the token without its secret or hash', async () => {
    const created = await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir, '--label', 'ci']);
    const token = created.stdout.trim();
    const id = /(tok_[0-9a-f-]{36})/.exec(created.stderr)?.[1] as string;
    const r = await cli(['token', 'list', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('id\tuser\tcreated\texpires\trevoked\tlast_used\tlabel');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.split('\t')).toEqual([id, 'alice', expect.any(String), '-', '-', '-', 'ci']);
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain(token.slice(4));
    expect(r.stdout).not.toContain(hashToken(token));
  });

  it('list --user filters by user', async () => {
    await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir]);
    await cli(['token', 'create', '--user', 'bob', '--data-dir', dataDir]);
    const r = await cli(['token', 'list', '--user', 'bob', '--data-dir', dataDir]);
    const users = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[1]);
    expect(users).toEqual(['bob']);
  });

  it('revoke succeeds once; a second revoke fails with a clear message', async () => {
    const created = await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir]);
    const id = /(tok_[0-9a-f-]{36})/.exec(created.stderr)?.[1] as string;
    const first = await cli(['token', 'revoke', id, '--data-dir', dataDir]);
    expect(first).toMatchObject({ code: 0, stdout: `revoked ${id}\n` });
    const second = await cli(['token', 'revoke', id, '--data-dir', dataDir]);
    expect(second.code).not.toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(`parley: No live token with id ${id}.\n`);
    const listed = await cli(['token', 'list', '--data-dir', dataDir]);
    expect(listed.stdout.split('\n')[1]?.split('\t')[4]).toMatch(/^\d{4}-/); // revoked column set
  });

  it('revoke of a hostile id revokes nothing', async () => {
    await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir]);
    const r = await cli(['token', 'revoke', "' OR 1=1 --", '--data-dir', dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('No live token');
    const listed = await cli(['token', 'list', '--data-dir', dataDir]);
    expect(listed.stdout.split('\n')[1]?.split('\t')[4]).toBe('-');
  });

  it('--expires 3x exits 2 with a clear message and creates nothing', async () => {
    const r = await cli(['token', 'create', '--user', 'alice', '--data-dir', dataDir, '--expires', '3x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--expires 3x');
    expect(r.stderr).toMatch(/e\.g\. 30d/);
    expect(existsSync(dataDir)).toBe(false); // refused before touching storage
  });

  it('a bad username exits 2 with the rule and prints no token', async () => {
    const r = await cli(['token', 'create', '--user', "x'; DROP TABLE users;--", '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^parley: A username is 1-64 /);
  });

  it('create without --user exits non-zero naming the missing option', async () => {
    const r = await cli(['token', 'create', '--data-dir', dataDir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--user');
  });
});

describe('parley models', () => {
  it('verify refuses a tampered model: exit 1, stderr names both hashes', async () => {
    const modelsDir = path.join(cwd, 'models');
    mkdirSync(modelsDir);
    const bytes = readFileSync(path.join(sharedModelsDir, MODEL));
    bytes[100] = (bytes[100] as number) ^ 0xff;
    writeFileSync(path.join(modelsDir, MODEL), bytes);
    const actual = createHash('sha256').update(bytes).digest('hex');

    const r = await cli(['models', 'verify', '--models-dir', modelsDir, '--catalog', catalogFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('FAIL\tstories260k\t');
    expect(r.stderr).toContain(path.join(modelsDir, MODEL));
    expect(r.stderr).toContain(actual);
    expect(r.stderr).toContain(PINNED);
  });

  it('verify accepts the real model: exit 0', async () => {
    const modelsDir = path.join(cwd, 'models');
    mkdirSync(modelsDir);
    copyFileSync(path.join(sharedModelsDir, MODEL), path.join(modelsDir, MODEL));
    const r = await cli(['models', 'verify', '--models-dir', modelsDir, '--catalog', catalogFile]);
    expect(r).toEqual({ code: 0, stdout: `ok\tstories260k\t${PINNED}\n`, stderr: '' });
  });

  it('verify reports a missing model file: exit 1', async () => {
    const r = await cli(['models', 'verify', '--models-dir', cwd, '--catalog', catalogFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Model file ${path.join(cwd, MODEL)} is missing`);
  });

  it('list prints the catalog and each model with its resolved path', async () => {
    const r = await cli(['models', 'list', '--models-dir', sharedModelsDir, '--catalog', catalogFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `catalog: ${catalogFile}\nstories260k\tchat\tctx=512\tmodel-default\t${path.join(sharedModelsDir, MODEL)}\n`,
    );
  });

  it('list with an invalid catalog exits 2 with catalog problems', async () => {
    const bad = path.join(cwd, 'bad.yaml');
    writeFileSync(bad, 'models:\n  - id: x\n    file: ../../etc/passwd\n');
    const r = await cli(['models', 'list', '--models-dir', cwd, '--catalog', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Model catalog ${bad} is invalid`);
    expect(r.stderr).toContain('models.0.file');
  });
});

describe('parley serve', () => {
  it('fails at config validation with PARLEY_SERVER_PORT=abc, before touching anything', async () => {
    const r = await cli(['serve', '--threads', '0'], { PARLEY_SERVER_PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^parley: Invalid configuration:\n/);
    expect(r.stderr).toMatch(/\n {2}- server\.port: /);
    expect(r.stderr).toMatch(/\n {2}- inference\.threads: /);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('rejects an unknown PARLEY_ variable', async () => {
    const r = await cli(['serve'], { PARLEY_SERVER_PROT: '80' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PARLEY_SERVER_PROT: unknown setting');
  });
});

describe('parley --help', () => {
  it.each([
    [[], 'parley'],
    ['serve'.split(' '), 'parley serve'],
    ['models'.split(' '), 'parley models'],
    ['models list'.split(' '), 'parley models list'],
    ['models verify'.split(' '), 'parley models verify'],
    ['token'.split(' '), 'parley token'],
    ['token create'.split(' '), 'parley token create'],
    ['token revoke'.split(' '), 'parley token revoke'],
    ['token list'.split(' '), 'parley token list'],
  ])('%j --help exits 0 with usage on stdout', async (words, usage) => {
    const r = await cli([...words, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: ${usage} `);
    expect(r.stderr).toBe('');
  });

  it('an unknown command exits non-zero', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('frobnicate');
  });
});
