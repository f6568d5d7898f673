/**
 * Loads a policy bundle directory: every file is size-capped, decoded, parsed, schema-checked
 * and compiled, and every problem is collected (with file, line and column) before failing, so
 * that an author fixes them all in one pass.
 *
 * Layout: section files at the top (`rbac.yaml`, `pii.yaml`; later `retention.yaml`: add them
 * to SECTIONS with their schema and compile step), and test files in `tests/*.yaml`. Other
 * files (README.md) are ignored and are not part of the hash; dotfiles are ignored.
 */
import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultPiiConfig } from '../pii/config.js';
import { bundleHash } from './canonical.js';
import { compileRbac } from './compile.js';
import { PolicyInvalidError } from './errors.js';
import type { PolicyBundle, PolicyTestCase } from './model.js';
import { compilePii } from './piiCompile.js';
import { piiSchema } from './piiSchema.js';
import { rbacSchema, testFileSchema } from './schema.js';
import { readPolicyFile, type SourceFile } from './source.js';
import { compileTests } from './testRunner.js';
import type { PolicyProblem } from './types.js';
import { validateAgainst } from './validate.js';

/** A top-level policy file the loader knows. */
interface SectionSpec {
  readonly file: string;
  readonly required: boolean;
  readonly schema: object;
  /** Said when the file is empty: what it should contain. */
  readonly expects: string;
}

/** Known section files. An unknown `.yaml` at the top is an error (a typo must not be ignored). */
export const SECTIONS: readonly SectionSpec[] = [
  {
    file: 'rbac.yaml',
    required: true,
    schema: rbacSchema,
    expects: 'roles (and optionally groups, users, collections)',
  },
  {
    file: 'pii.yaml',
    required: false,
    schema: piiSchema,
    expects: 'PII detection and masking settings (entities, thresholds, recognizers, boundaries)',
  },
];

/** Directory of test files, relative to the bundle. */
export const TESTS_DIR = 'tests';

/** More test files than this is refused (each may be up to 1 MiB). */
export const MAX_TEST_FILES = 200;

/**
 * Loads, validates and compiles the bundle in `dir`. Throws {@link PolicyInvalidError}
 * (code `policy_invalid`, with `problems`) when anything is wrong. Does not run the tests.
 */
export function loadBundle(dir: string): PolicyBundle {
  const root = path.resolve(dir);
  const problems: PolicyProblem[] = [];
  const sources = new Map<string, SourceFile>();
  const read = (file: string, schema: object, expects: string): SourceFile | undefined => {
    const source = readPolicyFile(path.join(root, file), file, problems);
    if (!source) return undefined;
    if (source.data === null) {
      problems.push({ file, line: 1, column: 1, message: `file is empty; expected ${expects}` });
      return undefined;
    }
    sources.set(file, source);
    return validateAgainst(source, schema, problems) ? source : undefined;
  };

  const top = listDir(root, '', problems);
  if (!top) throw new PolicyInvalidError(root, problems);
  for (const entry of top) {
    if (entry.isDirectory() || !isYamlName(entry.name)) continue;
    if (!SECTIONS.some((s) => s.file === entry.name)) {
      const known = SECTIONS.map((s) => s.file).join(', ');
      problems.push({
        file: entry.name,
        line: 1,
        column: 1,
        message: `unknown policy file (known: ${known}; tests go in ${TESTS_DIR}/)`,
      });
    }
  }
  const present = new Set(top.map((e) => e.name));
  const valid = new Map<string, SourceFile>();
  for (const section of SECTIONS) {
    if (!present.has(section.file)) {
      if (section.required)
        problems.push({
          file: section.file,
          line: 1,
          column: 1,
          message: 'missing; every bundle needs this file',
        });
      continue;
    }
    const source = read(section.file, section.schema, section.expects);
    if (source) valid.set(section.file, source);
  }
  const rbacSource = valid.get('rbac.yaml');
  const rbac = rbacSource && compileRbac(rbacSource, problems);
  // Without pii.yaml the built-in defaults apply: masking cannot be switched off by omission.
  const piiSource = valid.get('pii.yaml');
  const pii = piiSource
    ? compilePii(piiSource, rbac ? new Set(rbac.roles.keys()) : undefined, problems)
    : defaultPiiConfig();

  const tests: PolicyTestCase[] = [];
  if (top.some((e) => e.name === TESTS_DIR && e.isDirectory())) {
    const entries = listDir(root, TESTS_DIR, problems) ?? [];
    const files = entries.filter((e) => !e.isDirectory() && isYamlName(e.name));
    for (const e of entries) {
      const file = `${TESTS_DIR}/${e.name}`;
      if (e.isDirectory())
        problems.push({
          file,
          line: 1,
          column: 1,
          message: `nested directories are not read; move tests to ${TESTS_DIR}/`,
        });
      else if (e.name.endsWith('.yml'))
        problems.push({ file, line: 1, column: 1, message: 'test files must end in .yaml' });
    }
    if (files.length > MAX_TEST_FILES) {
      problems.push({
        file: TESTS_DIR,
        line: 1,
        column: 1,
        message: `${files.length} test files; the limit is ${MAX_TEST_FILES}`,
      });
    } else {
      for (const e of files.filter((f) => f.name.endsWith('.yaml'))) {
        const source = read(`${TESTS_DIR}/${e.name}`, testFileSchema, 'cases: [...]');
        if (source)
          tests.push(...compileTests(source, rbac ? new Set(rbac.roles.keys()) : undefined, problems));
      }
    }
  }

  if (problems.length > 0 || !rbac || !pii) throw new PolicyInvalidError(root, problems);
  const files = [...sources.keys()].sort();
  return Object.freeze({
    hash: bundleHash([...sources.values()]),
    dir: root,
    files: Object.freeze(files),
    rbac,
    pii,
    tests: Object.freeze(tests),
  });
}

function isYamlName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

/** Entries of `root/sub` sorted by name, dotfiles left out; undefined (with a problem) if unreadable. */
function listDir(root: string, sub: string, problems: PolicyProblem[]): Dirent[] | undefined {
  try {
    return readdirSync(path.join(root, sub), { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    problems.push({
      file: sub || '.',
      line: 1,
      column: 1,
      message: `bundle directory cannot be read (${code})`,
    });
    return undefined;
  }
}
