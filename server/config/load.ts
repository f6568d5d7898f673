import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { AppError } from '../errors.js';
import { type Config, configSchema } from './schema.js';

/** A nested plain object of config values as read from one source. */
export type ConfigInput = Record<string, unknown>;

/** Everything the configuration is built from; the CLI passes `process.env` here. */
export interface ConfigSources {
  /** Explicit config file (from `--config` or `PARLEY_CONFIG`); must exist when given. */
  file?: string;
  /** Environment; only `PARLEY_*` names are read. */
  env?: Record<string, string | undefined>;
  /** Values from CLI flags, highest precedence. */
  flags?: ConfigInput;
  /** Base for relative paths and for the implicit `parley.yaml`. */
  cwd?: string;
}

/**
 * Builds the configuration from defaults < `parley.yaml` < `PARLEY_*` environment < CLI
 * flags, validates it once and freezes it. Every problem is collected and reported in one
 * `config_invalid` error so that an administrator fixes them all in one pass.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? {};
  const problems: string[] = [];

  const explicitFile = sources.file ?? env.PARLEY_CONFIG;
  const file = explicitFile ?? (existsSync(path.join(cwd, 'parley.yaml')) ? 'parley.yaml' : undefined);
  const fromFile = file ? readConfigFile(path.resolve(cwd, file), problems) : {};
  const fromEnv = readEnv(env, problems);

  const merged = deepMerge(deepMerge(fromFile, fromEnv), sources.flags ?? {});
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('config_invalid', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const config = parsed.data;
  config.dataDir = path.resolve(cwd, config.dataDir);
  config.models.dir = path.resolve(cwd, config.models.dir);
  if (config.models.catalog) config.models.catalog = path.resolve(cwd, config.models.catalog);
  config.policy.dir = path.resolve(cwd, config.policy.dir);
  if (config.audit.ship.file) config.audit.ship.file = path.resolve(cwd, config.audit.ship.file);
  config.auth.secretKeyFile = path.resolve(
    cwd,
    config.auth.secretKeyFile ?? path.join(config.dataDir, 'secret.key'),
  );
  const oidc = config.auth.oidc;
  if (oidc?.clientSecretFile) oidc.clientSecretFile = path.resolve(cwd, oidc.clientSecretFile);
  if (oidc?.privateKeyFile) oidc.privateKeyFile = path.resolve(cwd, oidc.privateKeyFile);
  return deepFreeze(config);
}

function readConfigFile(file: string, problems: string[]): ConfigInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return {};
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push(`${file}: ${e.message.split('\n')[0]}`);
    return {};
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${file}: expected a mapping at the top level`);
    return {};
  }
  return value as ConfigInput;
}

// Read before the configuration exists: the config file's path, and where the single
// executable extracts its native files (server/sea). They are not configuration keys.
const BOOTSTRAP_ENV = new Set(['PARLEY_CONFIG', 'PARLEY_NATIVE_DIR']);

/** `PARLEY_SERVER_PORT=9000` → `{server: {port: 9000}}`; keys are matched against the schema. */
function readEnv(env: Record<string, string | undefined>, problems: string[]): ConfigInput {
  const table = envTable();
  const out: ConfigInput = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('PARLEY_') || raw === undefined || BOOTSTRAP_ENV.has(name)) continue;
    const target = table.get(name);
    if (!target) {
      problems.push(`${name}: unknown setting (known: ${[...table.keys()].sort().join(', ')})`);
      continue;
    }
    setPath(out, target.path, coerce(raw, target.leaf));
  }
  return out;
}

interface EnvTarget {
  path: string[];
  leaf: LeafSchema;
}

type LeafSchema = { safeParse(v: unknown): { success: boolean } };

function envTable(): Map<string, EnvTarget> {
  const table = new Map<string, EnvTarget>();
  for (const [key, schema] of Object.entries(configSchema.shape)) {
    const inner = unwrapObjectShape(schema);
    if (!inner) {
      table.set(`PARLEY_${snake(key)}`, { path: [key], leaf: schema });
      continue;
    }
    for (const [leaf, leafSchema] of Object.entries(inner)) {
      table.set(`PARLEY_${snake(key)}_${snake(leaf)}`, { path: [key, leaf], leaf: leafSchema as LeafSchema });
    }
  }
  return table;
}

function unwrapObjectShape(schema: unknown): Record<string, unknown> | undefined {
  // zod 4: defaults and refinements wrap the object; walk down to the one with a shape.
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } };
  for (let i = 0; i < 5 && current; i++) {
    if (current.shape) return current.shape;
    current = (current.def?.innerType ?? current.def?.in) as typeof current;
  }
  return undefined;
}

function snake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * Environment values are text; turn one into a number or boolean only when the setting
 * accepts that type and not the text itself (`PARLEY_DATA_DIR=2024` stays a path).
 */
function coerce(raw: string, leaf: LeafSchema): unknown {
  const candidates: unknown[] = [raw];
  if (/^-?\d+$/.test(raw)) candidates.push(Number(raw));
  if (raw === 'true' || raw === 'false') candidates.push(raw === 'true');
  return candidates.find((c) => leaf.safeParse(c).success) ?? candidates[candidates.length - 1];
}

function setPath(target: ConfigInput, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as ConfigInput | undefined) ?? {};
    node = node[key] as ConfigInput;
  }
  node[keys[keys.length - 1] as string] = value;
}

function isPlainObject(v: unknown): v is ConfigInput {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `over` into `base` key by key; `undefined` values in `over` are skipped. */
export function deepMerge(base: ConfigInput, over: ConfigInput): ConfigInput {
  const out: ConfigInput = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as ConfigInput, v) : v;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (isPlainObject(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
