import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors.js';

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" or "-"'),
    description: z.string().optional(),
    file: z
      .string()
      .min(1)
      .refine(
        (f) => !f.includes('/') && !f.includes('\\') && f !== '..',
        'a file name inside the models folder',
      ),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
    role: z.enum(['chat', 'embedding']),
    contextSize: z.number().int().min(64).max(1_048_576),
    chatTemplate: z
      .enum(['model-default', 'chatml', 'llama3', 'llama2', 'mistral', 'gemma', 'general'])
      .default('model-default'),
    source: z.string().url().optional(),
  })
  .strict();

const catalogSchema = z
  .object({ models: z.array(entrySchema).min(1) })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const [i, m] of c.models.entries()) {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate id ${m.id}` });
      seen.add(m.id);
    }
  });

/** One cataloged model. */
export type CatalogEntry = z.infer<typeof entrySchema>;

/** The parsed catalog, with the folder its files live in. */
export interface Catalog {
  readonly source: string;
  readonly dir: string;
  readonly models: readonly CatalogEntry[];
}

let builtinCatalogText: string | undefined;

/** Registers the catalog compiled into the single executable, used when the folder has none. */
export function setBuiltinCatalog(text: string): void {
  builtinCatalogText = text;
}

/**
 * Reads the catalog: `catalogFile` if given, else `<modelsDir>/catalog.yaml`, else the
 * built-in catalog of the single executable. The files always resolve inside `modelsDir`.
 */
export function loadCatalog(modelsDir: string, catalogFile?: string): Catalog {
  const file = catalogFile ?? path.join(modelsDir, 'catalog.yaml');
  let text: string;
  let source = file;
  if (existsSync(file) || catalogFile !== undefined || builtinCatalogText === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new AppError('catalog_invalid', `Model catalog ${file} cannot be read`, { cause: err });
    }
  } else {
    text = builtinCatalogText;
    source = '(built-in catalog)';
  }
  return parseCatalog(text, source, modelsDir);
}

/** Parses catalog text; every problem is listed in one `catalog_invalid` error. */
export function parseCatalog(text: string, source: string, modelsDir: string): Catalog {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new AppError(
      'catalog_invalid',
      `Model catalog ${source}: ${doc.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const parsed = catalogSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('catalog_invalid', `Model catalog ${source} is invalid:\n  - ${lines.join('\n  - ')}`);
  }
  return Object.freeze({ source, dir: modelsDir, models: Object.freeze(parsed.data.models) });
}

/** Absolute path of a cataloged model's file. */
export function modelPath(catalog: Catalog, entry: CatalogEntry): string {
  return path.join(catalog.dir, entry.file);
}

/** Picks the chat model (by id, else the first chat entry) and the embedding model, if any. */
export function selectModels(
  catalog: Catalog,
  wanted: { chat?: string; embedding?: string },
): { chat: CatalogEntry; embedding: CatalogEntry | undefined } {
  const byId = (id: string, role: CatalogEntry['role']) => {
    const m = catalog.models.find((x) => x.id === id);
    if (!m) throw new AppError('model_not_found', `Model ${id} is not in the catalog ${catalog.source}`);
    if (m.role !== role) throw new AppError('catalog_invalid', `Model ${id} has role ${m.role}, not ${role}`);
    return m;
  };
  const chat = wanted.chat ? byId(wanted.chat, 'chat') : catalog.models.find((m) => m.role === 'chat');
  if (!chat) throw new AppError('catalog_invalid', `The catalog ${catalog.source} lists no chat model`);
  const embedding = wanted.embedding
    ? byId(wanted.embedding, 'embedding')
    : catalog.models.find((m) => m.role === 'embedding');
  return { chat, embedding };
}
