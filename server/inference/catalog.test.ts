import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { catalogFile } from '../test-support/paths.js';
import { type Catalog, loadCatalog, modelPath, parseCatalog, selectModels } from './catalog.js';

const SHA = 'a'.repeat(64);

function entry(over: Record<string, unknown> = {}): string {
  const e: Record<string, unknown> = {
    id: 'chat-1',
    file: 'chat.gguf',
    sha256: SHA,
    role: 'chat',
    contextSize: 512,
    ...over,
  };
  return `  - ${Object.entries(e)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n    ')}\n`;
}

const doc = (...entries: string[]) => `models:\n${entries.join('')}`;

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a throw');
}

/** Parses and expects `catalog_invalid`; returns the message. */
function invalid(text: string): string {
  const err = caught(() => parseCatalog(text, 'test.yaml', '/models'));
  expect(err.code).toBe('catalog_invalid');
  expect(err.message).toContain('test.yaml');
  return err.message;
}

describe('parseCatalog', () => {
  it('parses the repository catalog', () => {
    const c = parseCatalog(readFileSync(catalogFile, 'utf8'), catalogFile, '/m');
    expect(c.source).toBe(catalogFile);
    expect(c.dir).toBe('/m');
    const stories = c.models.find((m) => m.id === 'stories260k');
    expect(stories).toMatchObject({ file: 'stories260K.gguf', role: 'chat', contextSize: 512 });
    expect(stories?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(c.models)).toBe(true);
  });

  it('defaults chatTemplate to model-default', () => {
    const c = parseCatalog(doc(entry()), 'x', '/m');
    expect(c.models[0]?.chatTemplate).toBe('model-default');
  });

  it.each([
    ['too short', 'abc123'],
    ['uppercase', 'A'.repeat(64)],
    ['not hex', 'g'.repeat(64)],
    ['65 digits', 'a'.repeat(65)],
  ])('rejects a sha256 that is %s', (_why, sha256) => {
    expect(invalid(doc(entry({ sha256 })))).toMatch(/models\.0\.sha256: 64 lowercase hex digits/);
  });

  it.each([['../x.gguf'], ['a/b.gguf'], ['/etc/passwd'], ['..\\x.gguf'], ['..']])(
    'rejects the file %j, which would leave the models folder',
    (file) => {
      expect(invalid(doc(entry({ file })))).toMatch(/models\.0\.file: a file name inside the models folder/);
    },
  );

  it('rejects duplicate ids', () => {
    const msg = invalid(doc(entry(), entry({ file: 'other.gguf' })));
    expect(msg).toMatch(/models\.1\.id: duplicate id chat-1/);
  });

  it('rejects an unknown role', () => {
    expect(invalid(doc(entry({ role: 'rerank' })))).toMatch(/models\.0\.role/);
  });

  it('rejects unknown keys and a hostile id', () => {
    const msg = invalid(doc(entry({ id: "x'; DROP TABLE users;--", extra: 1 })));
    expect(msg).toMatch(/models\.0\.id: lowercase letters/);
    expect(msg).toMatch(/extra/);
  });

  it('rejects YAML syntax errors', () => {
    const msg = invalid('models:\n  - id: [unclosed\n');
    expect(msg.length).toBeGreaterThan('Model catalog test.yaml: '.length);
  });

  it('rejects an empty model list and a document that is not a mapping', () => {
    expect(invalid('models: []\n')).toMatch(/models/);
    expect(invalid('- 1\n- 2\n')).toMatch(/\(root\)/);
  });

  it('lists every problem in one error', () => {
    const msg = invalid(doc(entry({ sha256: 'nope', file: '../x.gguf', role: 'judge' })));
    const lines = msg.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).toHaveLength(3);
    expect(msg).toMatch(/models\.0\.sha256/);
    expect(msg).toMatch(/models\.0\.file/);
    expect(msg).toMatch(/models\.0\.role/);
  });
});

describe('modelPath and selectModels', () => {
  const catalog: Catalog = parseCatalog(
    doc(
      entry({ id: 'embed', file: 'e.gguf', role: 'embedding' }),
      entry({ id: 'chat-a', file: 'a.gguf' }),
      entry({ id: 'chat-b', file: 'b.gguf' }),
    ),
    'cat.yaml',
    '/srv/models',
  );

  it('resolves the model file inside the catalog folder', () => {
    expect(modelPath(catalog, selectModels(catalog, { chat: 'chat-a' }).chat)).toBe('/srv/models/a.gguf');
  });

  it('picks the first chat model and the embedding model by default', () => {
    const s = selectModels(catalog, {});
    expect(s.chat.id).toBe('chat-a');
    expect(s.embedding?.id).toBe('embed');
  });

  it('picks models by id', () => {
    expect(selectModels(catalog, { chat: 'chat-b' }).chat.id).toBe('chat-b');
  });

  it('refuses an unknown id with model_not_found', () => {
    const err = caught(() => selectModels(catalog, { chat: 'gpt-5' }));
    expect(err.code).toBe('model_not_found');
    expect(err.message).toContain('gpt-5');
  });

  it('refuses a model of the wrong role with catalog_invalid', () => {
    expect(caught(() => selectModels(catalog, { chat: 'embed' })).code).toBe('catalog_invalid');
    expect(caught(() => selectModels(catalog, { embedding: 'chat-a' })).code).toBe('catalog_invalid');
  });

  it('refuses a catalog without any chat model', () => {
    const onlyEmbed = parseCatalog(doc(entry({ id: 'e', role: 'embedding' })), 'e.yaml', '/m');
    const err = caught(() => selectModels(onlyEmbed, {}));
    expect(err.code).toBe('catalog_invalid');
    expect(err.message).toMatch(/no chat model/);
  });

  it('returns no embedding model when none is cataloged', () => {
    const onlyChat = parseCatalog(doc(entry()), 'c.yaml', '/m');
    expect(selectModels(onlyChat, {}).embedding).toBeUndefined();
  });
});

describe('loadCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-catalog-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads <modelsDir>/catalog.yaml by default', () => {
    writeFileSync(path.join(dir, 'catalog.yaml'), doc(entry()));
    const c = loadCatalog(dir);
    expect(c.source).toBe(path.join(dir, 'catalog.yaml'));
    expect(c.dir).toBe(dir);
    expect(c.models.map((m) => m.id)).toEqual(['chat-1']);
  });

  it('reads an explicit catalog file but keeps model files in modelsDir', () => {
    const c = loadCatalog(dir, catalogFile);
    expect(c.source).toBe(catalogFile);
    expect(modelPath(c, selectModels(c, {}).chat)).toBe(path.join(dir, 'stories260K.gguf'));
  });

  it('refuses a folder without catalog.yaml (no built-in registered) with catalog_invalid', () => {
    const err = caught(() => loadCatalog(dir));
    expect(err.code).toBe('catalog_invalid');
    expect(err.message).toContain(path.join(dir, 'catalog.yaml'));
  });
});
