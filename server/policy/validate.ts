/**
 * Runs a file's JSON Schema and turns ajv's errors into problems with a line, a column and
 * a message that says what was expected.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { DataPath, SourceFile } from './source.js';
import { PERMISSIONS, type PolicyProblem } from './types.js';

/** Beyond this many schema errors in one file the rest are summarised (hostile input). */
const MAX_ERRORS_PER_FILE = 100;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** Validates `source.data` against `schema`; appends problems and returns whether it is valid. */
export function validateAgainst(source: SourceFile, schema: object, problems: PolicyProblem[]): boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(source.data)) return true;
  const seen = new Set<string>();
  let count = 0;
  for (const error of validate.errors ?? []) {
    const problem = toProblem(source, error);
    if (!problem) continue;
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (++count > MAX_ERRORS_PER_FILE) {
      problems.push({
        file: source.file,
        line: 1,
        column: 1,
        message: 'too many errors; fix the ones above first',
      });
      break;
    }
    problems.push(problem);
  }
  return false;
}

function toProblem(source: SourceFile, error: ErrorObject): PolicyProblem | undefined {
  const path = pointerToPath(error.instancePath, source.data);
  const parent = error.parentSchema as { description?: string; type?: unknown } | undefined;
  const expected = parent?.description;
  const here = (p: DataPath, at: 'key' | 'value' = 'value', message = '') => ({
    file: source.file,
    ...source.locate(p, at),
    message,
  });
  // Errors inside `propertyNames` are about a key: ajv names it in `propertyName`.
  if (error.propertyName !== undefined) {
    return here(
      [...path, error.propertyName],
      'key',
      `invalid key "${error.propertyName}": expected ${expected ?? 'a valid name'}`,
    );
  }
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'propertyNames':
      return undefined; // reported by the inner error above
    case 'required':
      return here(path, 'value', `missing required key "${String(params.missingProperty)}"`);
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((parent as { properties?: object } | undefined)?.properties ?? {});
      const hint = known.length > 0 ? ` (expected one of: ${known.join(', ')})` : '';
      return here([...path, key], 'key', `unknown key "${key}"${hint}`);
    }
    case 'type':
      return here(
        path,
        'value',
        `expected ${expected ?? describeType(params.type)}, got ${describeValue(error.data)}`,
      );
    case 'enum':
      return here(path, 'value', enumMessage(error.data, params.allowedValues as unknown[]));
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return here(path, 'value', `${JSON.stringify(clip(error.data))} is not ${expected ?? 'valid'}`);
    case 'uniqueItems':
      return here(
        [...path, Math.max(Number(params.i), Number(params.j))],
        'value',
        `duplicate entry ${JSON.stringify(clip(lookup(source.data, [...path, Number(params.i)])))}`,
      );
    case 'minProperties':
    case 'maxProperties':
      return here(
        path,
        'value',
        expected ? `expected ${expected}` : `expected at least ${params.limit} entries`,
      );
    default:
      return here(path, 'value', error.message ?? 'invalid');
  }
}

function enumMessage(value: unknown, allowed: unknown[]): string {
  const isPermissionList =
    allowed.length === PERMISSIONS.length && allowed.every((a, i) => a === PERMISSIONS[i]);
  if (isPermissionList) {
    const near = typeof value === 'string' ? closest(value, PERMISSIONS) : undefined;
    return `unknown permission ${JSON.stringify(clip(value))}${near ? ` (did you mean "${near}"?)` : ''}`;
  }
  return `${JSON.stringify(clip(value))} is not one of: ${allowed.join(', ')}`;
}

/** The allowed value within edit distance 3 of `value`, if one is unambiguous enough. */
function closest(value: string, allowed: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of allowed) {
    const distance = editDistance(value.slice(0, 64), name);
    if (distance <= 3 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function describeType(type: unknown): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string' };
  const list = Array.isArray(type) ? type : [type];
  return list.map((t) => names[String(t)] ?? `a ${String(t)}`).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(clip(value))}`;
}

// Values in messages come from the file: keep them short so a hostile file cannot flood logs.
function clip(value: unknown): unknown {
  return typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

/** JSON pointer → path; array indexes become numbers so that `locate` can walk sequences. */
function pointerToPath(pointer: string, data: unknown): DataPath {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(node) ? Number(segment) : segment;
    out.push(step);
    node = lookup(node, [step]);
  }
  return out;
}

function lookup(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, step)) return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}
