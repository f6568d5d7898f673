import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { type ConfigSources, loadConfig } from './load.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-config-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(cwd, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Loads and expects `config_invalid`; returns the problem lines of the message. */
function invalid(sources: ConfigSources): { message: string; problems: string[] } {
  let caught: unknown;
  try {
    loadConfig({ cwd, env: {}, ...sources });
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code).toBe('config_invalid');
  const problems = err.message
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4));
  return { message: err.message, problems };
}

describe('loadConfig defaults', () => {
  it('fills every default when no file, env or flag is given', () => {
    const c = loadConfig({ cwd, env: {} });
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 1024 * 1024,
      shutdownGraceMs: 10_000,
    });
    expect(c.inference.threads).toBe('auto');
    expect(c.inference.sequences).toBe(4);
    expect(c.inference.queueMax).toBe(32);
    expect(c.inference.maxTokensDefault).toBeLessThanOrEqual(c.inference.maxTokensLimit);
    expect(c.inference.gpu).toBe('off');
    expect(c.log.level).toBe('info');
    expect(c.models.catalog).toBeUndefined();
    expect(c.dataDir).toBe(path.join(cwd, 'data'));
    expect(c.models.dir).toBe(path.join(cwd, 'models'));
  });

  it('reads ./parley.yaml from cwd when no file is named', () => {
    write('parley.yaml', 'server:\n  port: 9001\n');
    expect(loadConfig({ cwd, env: {} }).server.port).toBe(9001);
  });
});

describe('loadConfig precedence: file < PARLEY_* env < flags', () => {
  it('lets env override the file and flags override both, key by key', () => {
    write('c.yaml', 'server:\n  port: 1000\n  host: file-host\ninference:\n  sequences: 2\n  queueMax: 5\n');
    const c = loadConfig({
      cwd,
      file: 'c.yaml',
      env: { PARLEY_SERVER_PORT: '2000', PARLEY_INFERENCE_SEQUENCES: '3' },
      flags: { server: { port: 3000 } },
    });
    expect(c.server.port).toBe(3000); // flag beats env and file
    expect(c.inference.sequences).toBe(3); // env beats file
    expect(c.server.host).toBe('file-host'); // file survives where nothing overrides it
    expect(c.inference.queueMax).toBe(5);
  });

  it('skips undefined flag values instead of erasing lower layers', () => {
    const c = loadConfig({
      cwd,
      env: { PARLEY_SERVER_PORT: '2000' },
      flags: { server: { port: undefined } },
    });
    expect(c.server.port).toBe(2000);
  });

  it('takes the file from PARLEY_CONFIG when no explicit file is given', () => {
    write('conf/env.yaml', 'log:\n  level: debug\n');
    expect(loadConfig({ cwd, env: { PARLEY_CONFIG: 'conf/env.yaml' } }).log.level).toBe('debug');
  });
});

describe('loadConfig environment coercion', () => {
  it('turns integer strings into numbers and keeps "auto" as a string', () => {
    const c = loadConfig({
      cwd,
      env: {
        PARLEY_SERVER_PORT: '9000',
        PARLEY_INFERENCE_THREADS: 'auto',
        PARLEY_INFERENCE_GPU_LAYERS: '12',
        PARLEY_LIMITS_MAX_MESSAGE_CHARS: '100',
      },
    });
    expect(c.server.port).toBe(9000);
    expect(c.inference.threads).toBe('auto');
    expect(c.inference.gpuLayers).toBe(12);
    expect(c.limits.maxMessageChars).toBe(100);
  });

  it('accepts a numeric thread count from the environment', () => {
    expect(loadConfig({ cwd, env: { PARLEY_INFERENCE_THREADS: '3' } }).inference.threads).toBe(3);
  });

  it('rejects a non-numeric port from the environment, naming the setting', () => {
    const { problems } = invalid({ env: { PARLEY_SERVER_PORT: 'abc' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^server\.port: /);
  });

  it('rejects a fractional number instead of truncating it', () => {
    const { problems } = invalid({ env: { PARLEY_INFERENCE_SEQUENCES: '1.5' } });
    expect(problems[0]).toMatch(/^inference\.sequences: /);
  });

  // BUG: coerce() turns every all-digit value into a number before the schema is consulted,
  // so a string setting whose value happens to be digits (a data folder named "2024", a
  // model id "7") is rejected as "expected string, received number".
  it('keeps digit-only values of string settings as strings (PARLEY_DATA_DIR=2024)', () => {
    const c = loadConfig({ cwd, env: { PARLEY_DATA_DIR: '2024' } });
    expect(c.dataDir).toBe(path.join(cwd, '2024'));
  });

  it('ignores environment variables that do not start with PARLEY_', () => {
    const c = loadConfig({ cwd, env: { SERVER_PORT: 'abc', parley_server_port: 'abc', HOME: '/root' } });
    expect(c.server.port).toBe(8080);
  });
});

describe('loadConfig problems', () => {
  it('reports a YAML syntax error with the file name', () => {
    const file = write('broken.yaml', 'server:\n  port: [1, 2\n');
    const { problems } = invalid({ file: 'broken.yaml' });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${file}: `)).toBe(true);
  });

  it('rejects unknown keys in the file, at the top level and nested', () => {
    write('c.yaml', 'bogus: 1\nserver:\n  prot: 80\n');
    const { problems } = invalid({ file: 'c.yaml' });
    expect(problems.some((p) => p.startsWith('(root):') && p.includes('bogus'))).toBe(true);
    expect(problems.some((p) => p.startsWith('server:') && p.includes('prot'))).toBe(true);
  });

  it('rejects a file whose top level is not a mapping', () => {
    write('list.yaml', '- a\n- b\n');
    const { problems } = invalid({ file: 'list.yaml' });
    expect(problems[0]).toMatch(/expected a mapping at the top level/);
  });

  it('does not let a __proto__ key in the file smuggle settings past validation', () => {
    write('proto.yaml', '__proto__:\n  dataDir: /etc\n  bogus: 1\n');
    const { problems } = invalid({ file: 'proto.yaml' });
    expect(problems.some((p) => p.includes('__proto__'))).toBe(true);
    expect(({} as Record<string, unknown>).dataDir).toBeUndefined();
  });

  it('rejects an unknown PARLEY_ variable and lists the known ones', () => {
    const { problems } = invalid({ env: { PARLEY_SERVER_PROT: '80' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PARLEY_SERVER_PROT: unknown setting/);
    expect(problems[0]).toContain('PARLEY_SERVER_PORT');
  });

  it('leaves the bootstrap variables PARLEY_CONFIG and PARLEY_NATIVE_DIR to their readers', () => {
    write('p.yaml', 'server:\n  port: 9100\n');
    const c = loadConfig({ cwd, env: { PARLEY_CONFIG: 'p.yaml', PARLEY_NATIVE_DIR: '/opt/parley/native' } });
    expect(c.server.port).toBe(9100);
  });

  it('lists every problem from every source in one config_invalid error', () => {
    write('c.yaml', 'server:\n  port: 70000\nbogus: true\n');
    const { problems } = invalid({
      file: 'c.yaml',
      env: { PARLEY_NOPE: 'x', PARLEY_LOG_LEVEL: 'loud' },
      flags: { inference: { sequences: 0 } },
    });
    expect(problems.some((p) => p.startsWith('PARLEY_NOPE:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('server.port:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('(root):') && p.includes('bogus'))).toBe(true);
    expect(problems.some((p) => p.startsWith('log.level:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('inference.sequences:'))).toBe(true);
    expect(problems).toHaveLength(5);
  });

  it('lists a file syntax error together with a bad environment variable', () => {
    write('broken.yaml', 'a: [\n');
    const { problems } = invalid({ file: 'broken.yaml', env: { PARLEY_X: '1' } });
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('PARLEY_X:'))).toBe(true);
  });

  it('rejects maxTokensDefault greater than maxTokensLimit', () => {
    const { problems } = invalid({ flags: { inference: { maxTokensDefault: 600, maxTokensLimit: 500 } } });
    expect(problems).toEqual(['inference.maxTokensDefault: maxTokensDefault must not exceed maxTokensLimit']);
  });

  it('accepts maxTokensDefault equal to maxTokensLimit', () => {
    const c = loadConfig({
      cwd,
      env: {},
      flags: { inference: { maxTokensDefault: 500, maxTokensLimit: 500 } },
    });
    expect(c.inference.maxTokensDefault).toBe(500);
  });

  it('refuses an explicit --config file that does not exist, naming it', () => {
    const { problems } = invalid({ file: 'missing.yaml' });
    expect(problems).toEqual([`${path.join(cwd, 'missing.yaml')}: cannot be read (ENOENT)`]);
  });

  it('refuses a PARLEY_CONFIG file that does not exist', () => {
    const { problems } = invalid({ env: { PARLEY_CONFIG: '/nonexistent/parley.yaml' } });
    expect(problems[0]).toContain('/nonexistent/parley.yaml: cannot be read');
  });
});

describe('loadConfig result', () => {
  it('resolves relative paths against cwd and keeps absolute ones', () => {
    const c = loadConfig({
      cwd,
      env: {},
      flags: { dataDir: 'var/db', models: { dir: '/opt/models', catalog: '../cat.yaml' } },
    });
    expect(c.dataDir).toBe(path.join(cwd, 'var', 'db'));
    expect(c.models.dir).toBe('/opt/models');
    expect(c.models.catalog).toBe(path.resolve(cwd, '..', 'cat.yaml'));
  });

  it('resolves the config file path against cwd, not the process directory', () => {
    write('sub/c.yaml', 'dataDir: stuff\n');
    const c = loadConfig({ cwd, env: {}, file: 'sub/c.yaml' });
    expect(c.dataDir).toBe(path.join(cwd, 'stuff'));
  });

  it('is deeply frozen', () => {
    const c = loadConfig({ cwd, env: {} });
    expect(Object.isFrozen(c)).toBe(true);
    for (const section of [c.server, c.models, c.inference, c.limits, c.log])
      expect(Object.isFrozen(section)).toBe(true);
    expect(() => {
      (c.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(c.server.port).toBe(8080);
  });
});

describe('documents.retrieval (issue 7: weights configurable, optional MMR)', () => {
  it('defaults to equal weights, RRF k 60, no MMR, binary first pass from 10,000 chunks', () => {
    expect(loadConfig({ cwd, env: {} }).documents.retrieval).toEqual({
      weights: { vector: 1, text: 1 },
      rrfK: 60,
      quantization: 'auto',
      oversample: 10,
      binaryAbove: 10_000,
    });
  });

  it('reads weights and MMR from the file', () => {
    write('c.yaml', 'documents:\n  retrieval:\n    weights:\n      vector: 0.5\n    mmrLambda: 0.7\n');
    const r = loadConfig({ cwd, env: {}, file: 'c.yaml' }).documents.retrieval;
    expect(r.weights).toEqual({ vector: 0.5, text: 1 });
    expect(r.mmrLambda).toBe(0.7);
  });

  it('refuses both weights 0, a negative weight, λ outside [0, 1] and unknown keys, naming each', () => {
    write(
      'c.yaml',
      'documents:\n  retrieval:\n    weights: { vector: 0, text: 0 }\n    mmrLambda: 1.5\n    rrf: 60\n',
    );
    const { problems } = invalid({ file: 'c.yaml' });
    expect(problems.some((p) => p.startsWith('documents.retrieval.weights:') && p.includes('> 0'))).toBe(
      true,
    );
    expect(problems.some((p) => p.startsWith('documents.retrieval.mmrLambda:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('documents.retrieval:') && p.includes('rrf'))).toBe(true);
    write('d.yaml', 'documents:\n  retrieval:\n    weights: { vector: -1 }\n');
    expect(invalid({ file: 'd.yaml' }).problems[0]).toMatch(/^documents\.retrieval\.weights\.vector:/);
  });
});
