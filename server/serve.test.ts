import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.js';
import { AppError } from './errors.js';
import { createLogger } from './observability/logger.js';
import { startServer } from './serve.js';
import { catalogFile, policyDir, sharedModelsDir } from './test-support/paths.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configFor(modelsDir: string) {
  return loadConfig({
    env: {},
    cwd: dir,
    flags: {
      dataDir: path.join(dir, 'data'),
      server: { port: 0 },
      models: { dir: modelsDir, catalog: catalogFile },
      policy: { dir: policyDir },
      inference: { threads: 1 },
      log: { level: 'silent' },
    },
  });
}

describe('issue 2: the server refuses a model that does not match the catalog', () => {
  it('does not start when one byte of the model differs, naming the file and both hashes', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-serve-'));
    const models = path.join(dir, 'models');
    const file = path.join(models, 'stories260K.gguf');
    const bytes = readFileSync(path.join(sharedModelsDir, 'stories260K.gguf'));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    mkdirSync(models);
    writeFileSync(file, bytes);

    const err = await startServer(configFor(models), { logger: createLogger('silent') }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    const appErr = err as AppError;
    expect(appErr.code).toBe('model_hash_mismatch');
    expect(appErr.message).toContain(file);
    expect(appErr.message).toContain('270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d');
    expect(appErr.message).toMatch(/SHA-256 is [0-9a-f]{64}/);
  });

  it('starts with the intact file and reports the threads it derived', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-serve-'));
    const models = path.join(dir, 'models');
    mkdirSync(models);
    copyFileSync(path.join(sharedModelsDir, 'stories260K.gguf'), path.join(models, 'stories260K.gguf'));
    const running = await startServer(configFor(models), { logger: createLogger('silent') });
    try {
      const ready = await (await fetch(`${running.url}/readyz`)).json();
      expect(ready.status).toBe('ready');
      expect(ready.threads).toBe(1);
    } finally {
      await running.close(100);
    }
  });
});
