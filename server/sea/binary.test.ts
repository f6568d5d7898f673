// Slow end-to-end check of the single executable: build it (when missing or older than
// its inputs), run it from an empty directory with no Node on PATH and no node_modules,
// and get a streamed chat completion from the demo model. Set PARLEY_SEA_BINARY to test
// an already built executable instead.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoModel = path.join(repo, '..', 'shared', 'models', 'stories260K.gguf');
const built = path.join(repo, 'dist', 'parley');
const TEN_MINUTES = 10 * 60_000;

function newestInput(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else if (!p.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  };
  visit(path.join(repo, 'server'));
  visit(path.join(repo, 'audit'));
  visit(path.join(repo, 'policies'));
  for (const f of [
    'scripts/build-binary.mjs',
    'scripts/build-verifier.mjs',
    'package-lock.json',
    'models/catalog.yaml',
  ]) {
    if (existsSync(path.join(repo, f))) newest = Math.max(newest, statSync(path.join(repo, f)).mtimeMs);
  }
  return newest;
}

function binaryUnderTest(): string {
  const given = process.env.PARLEY_SEA_BINARY;
  if (given) return path.resolve(given);
  if (!existsSync(built) || statSync(built).mtimeMs < newestInput()) {
    execFileSync(process.execPath, [path.join(repo, 'scripts/build-binary.mjs')], {
      cwd: repo,
      stdio: 'inherit',
    });
  }
  return built;
}

// PATH without any directory that holds a `node`, so nothing can fall back to it.
function pathWithoutNode(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '' && !existsSync(path.join(dir, 'node')))
    .join(path.delimiter);
}

describe('single executable', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let exe: string;
  let server: ChildProcessWithoutNullStreams | undefined;
  const dataDir = () => path.join(tmp, 'data');

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'parley-bin-'));
    const source = binaryUnderTest();
    exe = path.join(tmp, 'parley');
    copyFileSync(source, exe);
    mkdirSync(path.join(tmp, 'models'));
    copyFileSync(demoModel, path.join(tmp, 'models', 'stories260K.gguf'));
    mkdirSync(path.join(tmp, 'home'));
    env = {
      PATH: pathWithoutNode(),
      HOME: path.join(tmp, 'home'),
      XDG_CACHE_HOME: path.join(tmp, 'home', '.cache'),
      LANG: 'C.UTF-8',
    };
  }, TEN_MINUTES);

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'serves a streamed chat completion without Node.js or node_modules',
    async () => {
      const token = execFileSync(exe, ['token', 'create', '--user', 'alice', '--data-dir', dataDir()], {
        cwd: tmp,
        env,
        encoding: 'utf8',
      }).trim();
      expect(token).toMatch(/^\S+$/);
      const passwordFile = path.join(tmp, 'pw');
      writeFileSync(passwordFile, 'a long break-glass passphrase\n', { mode: 0o600 });
      execFileSync(
        exe,
        ['user', 'create', '--username', 'breakglass', '--role', 'admin', '--password-file', passwordFile],
        { cwd: tmp, env: { ...env, PARLEY_DATA_DIR: dataDir() }, encoding: 'utf8' },
      );
      const nativeDirs = readdirSync(path.join(tmp, 'home', '.cache', 'parley', 'native'));
      expect(nativeDirs).toHaveLength(1);
      expect(
        statSync(path.join(tmp, 'home', '.cache', 'parley', 'native', nativeDirs[0] as string)).mode & 0o777,
      ).toBe(0o700);

      const proc = spawn(
        exe,
        [
          'serve',
          '--data-dir',
          dataDir(),
          '--port',
          '0',
          '--host',
          '127.0.0.1',
          '--models-dir',
          path.join(tmp, 'models'),
        ],
        { cwd: tmp, env },
      );
      server = proc;
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        proc.on('exit', (code, signal) => resolve({ code, signal })),
      );
      // The log goes to stdout or stderr depending on configuration; watch both.
      const url = await new Promise<string>((resolve, reject) => {
        for (const stream of [proc.stdout, proc.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            try {
              const rec = JSON.parse(line) as { msg?: string; url?: string };
              if (rec.msg === 'listening' && rec.url) resolve(rec.url);
            } catch {
              // not a log record
            }
          });
        }
        void exited.then((r) => reject(new Error(`server exited early (${JSON.stringify(r)}): ${stderr}`)));
      });

      // argon2 is a native addon too: a local account signs in through the binary.
      const login = await fetch(`${url}/auth/local/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'breakglass', password: 'a long break-glass passphrase' }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      expect(login.headers.getSetCookie().some((c) => c.startsWith('__Host-parley_session='))).toBe(true);

      const auth = { authorization: `Bearer ${token}` };
      const models = (await (await fetch(`${url}/v1/models`, { headers: auth })).json()) as {
        data: { id: string }[];
      };
      const model = models.data[0]?.id;
      expect(model).toBeTruthy();
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          stream: true,
          max_tokens: 24,
          messages: [{ role: 'user', content: 'Once upon a time' }],
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = (await res.text())
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice('data: '.length));
      expect(events.at(-1)).toBe('[DONE]');
      let content = '';
      for (const e of events.slice(0, -1)) {
        const chunk = JSON.parse(e) as { object: string; choices: { delta: { content?: string } }[] };
        expect(chunk.object).toBe('chat.completion.chunk');
        content += chunk.choices[0]?.delta.content ?? '';
      }
      expect(content.trim().length).toBeGreaterThan(0);

      proc.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
    },
    TEN_MINUTES,
  );

  it('exports an audit bundle whose embedded verify.mjs passes under a bare node', () => {
    const out = path.join(tmp, 'audit.tar');
    execFileSync(exe, ['audit', 'export', '--out', out, '--data-dir', dataDir()], { cwd: tmp, env });
    const bundle = mkdtempSync(path.join(tmp, 'bundle-'));
    execFileSync('tar', ['-xf', out, '-C', bundle]);
    const r = spawnSync(process.execPath, ['verify.mjs'], {
      cwd: bundle,
      env: { PATH: path.dirname(process.execPath) },
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^bundle valid$/m);
  }, 60_000);
});
