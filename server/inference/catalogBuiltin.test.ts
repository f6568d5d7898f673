// setBuiltinCatalog sets module state that cannot be unset, so it has a file of its own
// (vitest runs every test file in a fresh module graph).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { catalogFile } from '../test-support/paths.js';
import { loadCatalog, modelPath, selectModels, setBuiltinCatalog } from './catalog.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-builtin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return undefined;
}

describe('setBuiltinCatalog', () => {
  it('is used when the models folder has no catalog.yaml', () => {
    expect(codeOf(() => loadCatalog(dir))).toBe('catalog_invalid'); // before registering
    setBuiltinCatalog(readFileSync(catalogFile, 'utf8'));
    const c = loadCatalog(dir);
    expect(c.source).toBe('(built-in catalog)');
    expect(c.dir).toBe(dir);
    expect(modelPath(c, selectModels(c, {}).chat)).toBe(path.join(dir, 'stories260K.gguf'));
  });

  it('gives way to a catalog.yaml in the folder', () => {
    const own = path.join(dir, 'catalog.yaml');
    writeFileSync(
      own,
      `models:\n  - id: local\n    file: l.gguf\n    sha256: ${'b'.repeat(64)}\n    role: chat\n    contextSize: 256\n`,
    );
    try {
      const c = loadCatalog(dir);
      expect(c.source).toBe(own);
      expect(c.models.map((m) => m.id)).toEqual(['local']);
    } finally {
      rmSync(own);
    }
  });

  it('is not used when an explicit catalog file is missing', () => {
    expect(codeOf(() => loadCatalog(dir, path.join(dir, 'nope.yaml')))).toBe('catalog_invalid');
  });

  it('is validated like any other catalog', () => {
    setBuiltinCatalog('models:\n  - id: x\n');
    expect(codeOf(() => loadCatalog(dir))).toBe('catalog_invalid');
  });
});
