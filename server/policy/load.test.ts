import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { MAX_FILE_BYTES } from './guards.js';
import { loadBundle } from './load.js';
import { bundleOf, cleanUpBundles, MINIMAL_RBAC, problemsOf, writeBundle } from './test-support/fixtures.js';

afterAll(cleanUpBundles);

/** The single problem of an invalid bundle, for position assertions. */
function only(files: Record<string, string | Buffer>) {
  const problems = problemsOf(files);
  expect(problems).toHaveLength(1);
  return problems[0] as (typeof problems)[number];
}

describe('loadBundle: valid input', () => {
  it('loads a minimal bundle and lists its files', () => {
    const bundle = bundleOf({ 'rbac.yaml': MINIMAL_RBAC, 'README.md': '# ignored' });
    expect(bundle.files).toEqual(['rbac.yaml']);
    expect(bundle.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(bundle)).toBe(true);
  });

  it('throws AppError policy_invalid with file:line:column lines in the message', () => {
    const dir = writeBundle({ 'rbac.yaml': 'roles:\n  staff:\n    permissions: [chat:usee]\n' });
    let caught: unknown;
    try {
      loadBundle(dir);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'policy_invalid')).toBe(true);
    expect((caught as Error).message).toContain(
      'rbac.yaml:3:19: unknown permission "chat:usee" (did you mean "chat:use"?)',
    );
  });
});

describe('loadBundle: schema problems carry file, line and column', () => {
  it('unknown key, at the key', () => {
    const p = only({
      'rbac.yaml': 'roles:\n  staff:\n    permissions: [chat:use]\n    permisions: [model:read]\n',
    });
    expect(p).toMatchObject({ file: 'rbac.yaml', line: 4, column: 5 });
    expect(p.message).toBe('unknown key "permisions" (expected one of: description, inherits, permissions)');
  });

  it('unknown top-level key', () => {
    const p = only({ 'rbac.yaml': `${MINIMAL_RBAC}role: {}\n` });
    expect(p).toMatchObject({ line: 4, column: 1 });
    expect(p.message).toMatch(/^unknown key "role"/);
  });

  it('wrong type says what was expected and what was found', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  staff:\n    permissions: chat:use\n' });
    expect(p).toMatchObject({ line: 3, column: 18, message: 'expected a list, got string "chat:use"' });
  });

  it('duplicate role names (YAML duplicate keys)', () => {
    const p = only({
      'rbac.yaml': 'roles:\n  staff:\n    permissions: [chat:use]\n  staff:\n    permissions: []\n',
    });
    expect(p).toMatchObject({ file: 'rbac.yaml', line: 4, column: 3 });
    expect(p.message).toContain('duplicate key');
  });

  it('duplicate permission in a list', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  staff:\n    permissions: [chat:use, model:read, chat:use]\n' });
    expect(p).toMatchObject({ line: 3, column: 41, message: 'duplicate entry "chat:use"' });
  });

  it('an invalid role name, at the key', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  Staff Role:\n    permissions: []\n' });
    expect(p).toMatchObject({ line: 2, column: 3 });
    expect(p.message).toMatch(/^invalid key "Staff Role": expected a role name/);
  });

  it('an unknown access level', () => {
    const p = only({
      'rbac.yaml': `${MINIMAL_RBAC}collections:\n  c1:\n    grants:\n      - { role: staff, access: admin }\n`,
    });
    expect(p).toMatchObject({ line: 7, column: 32, message: '"admin" is not one of: read, write, manage' });
  });

  it('missing required key', () => {
    const p = only({ 'rbac.yaml': `${MINIMAL_RBAC}collections:\n  c1:\n    description: no grants\n` });
    expect(p).toMatchObject({ line: 6, column: 5, message: 'missing required key "grants"' });
  });

  it('reports every problem, not just the first', () => {
    const problems = problemsOf({
      'rbac.yaml': 'roles:\n  a:\n    permissions: [nope]\n  b:\n    inherits: [c]\n    extra: 1\n',
    });
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:19', '6:5']);
  });
});

describe('loadBundle: references and cycles', () => {
  it('a grant to an undefined role', () => {
    const p = only({
      'rbac.yaml': `${MINIMAL_RBAC}collections:\n  c1:\n    grants:\n      - role: nurse\n        access: read\n`,
    });
    expect(p).toMatchObject({ line: 7, column: 15, message: 'grant to undefined role "nurse"' });
  });

  it('a group mapping to an undefined role', () => {
    const p = only({ 'rbac.yaml': `${MINIMAL_RBAC}groups:\n  parley-admins: [staff, admin]\n` });
    expect(p).toMatchObject({
      line: 5,
      column: 26,
      message: 'group "parley-admins" names undefined role "admin"',
    });
  });

  it('a user assignment and defaultRoles naming undefined roles', () => {
    const problems = problemsOf({
      'rbac.yaml': `defaultRoles: [everyone]\n${MINIMAL_RBAC}users:\n  root: [god]\n`,
    });
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 16, 'defaultRoles names undefined role "everyone"'],
      [6, 10, 'user "root" names undefined role "god"'],
    ]);
  });

  it('an inheritance cycle is named', () => {
    const p = only({
      'rbac.yaml': 'roles:\n  a:\n    inherits: [b]\n  b:\n    inherits: [c]\n  c:\n    inherits: [a]\n',
    });
    expect(p).toMatchObject({ line: 7, column: 16, message: 'inheritance cycle: a → b → c → a' });
  });

  it('a role inheriting itself', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  a:\n    inherits: [a]\n' });
    expect(p.message).toBe('inheritance cycle: a → a');
  });

  it('a grant with both role and group, and a condition with two operators', () => {
    const problems = problemsOf({
      'rbac.yaml': `${MINIMAL_RBAC}collections:\n  c1:\n    grants:\n      - role: staff\n        group: g\n        access: read\n        when:\n          - { subject: d, equals: x, in: [y] }\n`,
    });
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [7, 'a grant needs exactly one of "role" or "group"'],
      [11, 'a condition needs exactly one of "equals", "in" or "contains"'],
    ]);
  });
});

describe('loadBundle: hostile and broken files', () => {
  it('refuses YAML aliases and anchors (billion laughs)', () => {
    const bomb = `${MINIMAL_RBAC}x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    const problems = problemsOf({ 'rbac.yaml': bomb });
    expect(problems[0]).toMatchObject({
      file: 'rbac.yaml',
      line: 4,
      column: 7,
      message: 'YAML anchors (&name) are not allowed in policy files',
    });
    expect(problems.some((p) => p.message.startsWith('YAML aliases'))).toBe(true);
    expect(problems.some((p) => p.message.startsWith('YAML anchors'))).toBe(true);
  });

  it('refuses explicit tags', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  staff:\n    description: !!binary aGVsbG8=\n' });
    expect(p).toMatchObject({ line: 3, column: 27 });
    expect(p.message).toMatch(/^YAML tags/);
  });

  it('refuses a file over the size cap before parsing', () => {
    const big = `${MINIMAL_RBAC}# ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const p = only({ 'rbac.yaml': big });
    expect(p).toMatchObject({ file: 'rbac.yaml', line: 1, column: 1 });
    expect(p.message).toContain(`the limit is ${MAX_FILE_BYTES}`);
  });

  it('refuses NUL bytes (binary garbage) with their place', () => {
    const p = only({ 'rbac.yaml': Buffer.from('roles:\n  st\0aff: {}\n') });
    expect(p).toMatchObject({ line: 2, column: 5, message: 'NUL byte (binary file?)' });
  });

  it('refuses invalid UTF-8 with its place', () => {
    const bytes = Buffer.concat([
      Buffer.from('roles:\n  staff:\n    description: caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const p = only({ 'rbac.yaml': bytes });
    expect(p).toMatchObject({ line: 3, column: 21, message: 'invalid UTF-8' });
  });

  it('refuses control characters', () => {
    const p = only({ 'rbac.yaml': 'roles:\n  staff: {}\n\u001b[31m\n' });
    expect(p).toMatchObject({ line: 3, column: 1, message: 'control character U+001B not allowed' });
  });

  it('refuses deep nesting before the YAML parser can overflow the stack', () => {
    const p = only({ 'rbac.yaml': `roles: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n` });
    expect(p).toMatchObject({ line: 1, column: 108 }); // the 101st bracket
    expect(p.message).toMatch(/^nested too deeply/);
  });

  it('refuses deeply nested compact sequences', () => {
    const p = only({ 'rbac.yaml': `roles:\n${'- '.repeat(100_000)}x\n` });
    expect(p.line).toBe(2);
    expect(p.message).toMatch(/^nested too deeply/);
  });

  it('reports YAML syntax errors with their place', () => {
    const [p] = problemsOf({ 'rbac.yaml': 'roles:\n  staff: {permissions: [chat:use}\n' });
    expect(p).toMatchObject({ file: 'rbac.yaml', line: 2 });
    expect(p?.message).toMatch(/\(YAML [A-Z_]+\)$/);
  });

  it('refuses several documents in one file', () => {
    const p = only({ 'rbac.yaml': `${MINIMAL_RBAC}---\nroles: {}\n` });
    expect(p.line).toBe(4);
    expect(p.message).toContain('MULTIPLE_DOCS');
  });

  it('an empty rbac.yaml', () => {
    expect(only({ 'rbac.yaml': '# nothing yet\n' })).toMatchObject({
      file: 'rbac.yaml',
      line: 1,
      column: 1,
      message: 'file is empty; expected roles (and optionally groups, users, collections)',
    });
  });

  it('a missing rbac.yaml', () => {
    expect(only({ 'README.md': 'x' })).toMatchObject({
      file: 'rbac.yaml',
      message: 'missing; every bundle needs this file',
    });
  });

  it('a missing directory', () => {
    let caught: unknown;
    try {
      loadBundle('/nonexistent/parley-policies');
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'policy_invalid')).toBe(true);
  });

  it('a top-level mapping is required', () => {
    expect(only({ 'rbac.yaml': '- staff\n' })).toMatchObject({
      line: 1,
      column: 1,
      message: 'expected a mapping, got a list',
    });
  });

  it('an unknown top-level .yaml file is an error, not ignored', () => {
    const p = only({ 'rbac.yaml': MINIMAL_RBAC, 'rback.yaml': MINIMAL_RBAC });
    expect(p).toMatchObject({ file: 'rback.yaml' });
    expect(p.message).toMatch(/^unknown policy file/);
  });
});

describe('loadBundle: test files', () => {
  const rbac = { 'rbac.yaml': MINIMAL_RBAC };
  it('a test case with an unknown permission', () => {
    const p = only({
      ...rbac,
      'tests/a.yaml':
        'cases:\n  - name: x\n    subject: { user: a }\n    action: chat:usse\n    expect: allow\n',
    });
    expect(p).toMatchObject({ file: 'tests/a.yaml', line: 4, column: 13 });
    expect(p.message).toBe('unknown permission "chat:usse" (did you mean "chat:use"?)');
  });

  it('a bad expectation, duplicate names and an undefined subject role', () => {
    const problems = problemsOf({
      ...rbac,
      'tests/a.yaml':
        'cases:\n  - { name: x, subject: { user: a }, action: chat:use, expect: yes }\n  - { name: y, subject: { user: a, roles: [root] }, action: chat:use, expect: deny }\n  - { name: y, subject: { user: a }, action: chat:use, expect: deny }\n',
    });
    expect(problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ['tests/a.yaml', 2, '"yes" is not one of: allow, deny'],
    ]);
    const second = problemsOf({
      ...rbac,
      'tests/a.yaml':
        'cases:\n  - { name: y, subject: { user: a, roles: [root] }, action: chat:use, expect: deny }\n  - { name: y, subject: { user: a }, action: chat:use, expect: deny }\n',
    });
    expect(second.map((p) => [p.line, p.message])).toEqual([
      [2, 'subject names undefined role "root"'],
      [3, 'duplicate case name "y"'],
    ]);
  });

  it('a .yml test file and a nested directory are errors', () => {
    const problems = problemsOf({ ...rbac, 'tests/a.yml': 'cases: []\n', 'tests/sub/b.yaml': 'cases: []\n' });
    expect(problems.map((p) => p.file)).toEqual(['tests/a.yml', 'tests/sub']);
  });
});
