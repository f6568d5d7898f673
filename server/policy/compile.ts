/**
 * Checks what the schema cannot (references between parts of rbac.yaml, inheritance cycles,
 * condition shape) and compiles rbac.yaml into the indexed form decide() uses.
 */
import { type CompiledCondition, compileCondition } from './conditions.js';
import type { CompiledCollection, CompiledGrant, CompiledRbac, CompiledRole } from './model.js';
import { buildRoleIndex } from './roleIndex.js';
import { ACCESS_LEVELS } from './schema.js';
import type { DataPath, SourceFile } from './source.js';
import type { AttributeValue, Permission, PolicyProblem } from './types.js';

/** Collection id whose grants apply to every collection. */
export const EVERY_COLLECTION = '*';

interface RawRbac {
  defaultRoles?: string[];
  roles: Record<string, { inherits?: string[]; permissions?: Permission[] }>;
  groups?: Record<string, string[]>;
  users?: Record<string, string[]>;
  collections?: Record<
    string,
    {
      attributes?: Record<string, AttributeValue>;
      grants: {
        role?: string;
        group?: string;
        access: CompiledGrant['access'];
        when?: Record<string, unknown>[];
      }[];
    }
  >;
}

/** `rbac.yaml#/roles/clinician/permissions/2` (RFC 6901 escaping). */
export function ruleRef(file: string, path: DataPath): string {
  return `${file}#/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Compiles a schema-valid rbac.yaml; returns undefined after appending problems. */
export function compileRbac(source: SourceFile, problems: PolicyProblem[]): CompiledRbac | undefined {
  const raw = source.data as RawRbac;
  const before = problems.length;
  const report = (path: DataPath, message: string, at: 'key' | 'value' = 'value') =>
    problems.push({ file: source.file, ...source.locate(path, at), message });
  const defined = new Set(Object.keys(raw.roles));
  const checkRoles = (list: readonly string[] | undefined, path: DataPath, what: string) =>
    list?.forEach((role, i) => {
      if (!defined.has(role)) report([...path, i], `${what} names undefined role "${role}"`);
    });

  checkRoles(raw.defaultRoles, ['defaultRoles'], 'defaultRoles');
  for (const [name, role] of Object.entries(raw.roles))
    checkRoles(role.inherits, ['roles', name, 'inherits'], `role "${name}" inherits`);
  for (const [group, roles] of Object.entries(raw.groups ?? {}))
    checkRoles(roles, ['groups', group], `group "${group}"`);
  for (const [user, roles] of Object.entries(raw.users ?? {}))
    checkRoles(roles, ['users', user], `user "${user}"`);
  for (const cycle of findCycles(raw)) {
    report(['roles', cycle.from, 'inherits', cycle.index], `inheritance cycle: ${cycle.names.join(' → ')}`);
  }

  const collections = new Map<string, CompiledCollection>();
  for (const [id, collection] of Object.entries(raw.collections ?? {})) {
    if (id === EVERY_COLLECTION && collection.attributes) {
      report(
        ['collections', id, 'attributes'],
        `attributes cannot be declared for "${EVERY_COLLECTION}"`,
        'key',
      );
    }
    const grants = collection.grants.map((g, i): CompiledGrant => {
      const path = ['collections', id, 'grants', i];
      if ((g.role === undefined) === (g.group === undefined))
        report(path, 'a grant needs exactly one of "role" or "group"');
      if (g.role !== undefined && !defined.has(g.role))
        report([...path, 'role'], `grant to undefined role "${g.role}"`);
      const conditions: CompiledCondition[] = [];
      g.when?.forEach((c, j) => {
        const compiled = compileCondition(c);
        if (typeof compiled === 'string') report([...path, 'when', j], compiled);
        else conditions.push(compiled);
      });
      return {
        rule: ruleRef(source.file, path),
        ...(g.role !== undefined && { role: g.role }),
        ...(g.group !== undefined && { group: g.group }),
        access: g.access,
        level: ACCESS_LEVELS.indexOf(g.access),
        conditions,
      };
    });
    collections.set(id, { grants, attributes: { ...collection.attributes } });
  }
  if (problems.length > before) return undefined;

  const roles = compileRoles(raw, source.file);
  const defaultRoles = [...(raw.defaultRoles ?? [])];
  const groups = new Map(Object.entries(raw.groups ?? {}));
  const users = new Map(Object.entries(raw.users ?? {}));
  const index = buildRoleIndex(roles, defaultRoles, groups, users);
  // Grants refer to roles by bit, so that matching one is a bit test.
  const withBits = (grants: readonly CompiledGrant[]) =>
    grants.map((g) => (g.role === undefined ? g : { ...g, roleBit: index.bit.get(g.role) as number }));
  const everyCollection = withBits(collections.get(EVERY_COLLECTION)?.grants ?? []);
  collections.delete(EVERY_COLLECTION);
  for (const [id, c] of collections) collections.set(id, { ...c, grants: withBits(c.grants) });
  return { roles, defaultRoles, groups, users, collections, everyCollection, index };
}

/** Every inheritance cycle once, as role names from and back to its first role. */
function findCycles(raw: RawRbac): { from: string; index: number; names: string[] }[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: { from: string; index: number; names: string[] }[] = [];
  const stack: string[] = [];
  // Depth is bounded by the number of roles (each visited once), itself bounded by file size.
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    raw.roles[name]?.inherits?.forEach((parent, index) => {
      if (!Object.hasOwn(raw.roles, parent)) return; // reported as undefined
      if (state.get(parent) === 'visiting') {
        const names = [...stack.slice(stack.indexOf(parent)), parent];
        cycles.push({ from: name, index, names });
      } else if (!state.has(parent)) {
        visit(parent);
      }
    });
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(raw.roles)) if (!state.has(name)) visit(name);
  return cycles;
}

function compileRoles(raw: RawRbac, file: string): Map<string, CompiledRole> {
  const closures = new Map<string, string[]>();
  const closureOf = (name: string): string[] => {
    const known = closures.get(name);
    if (known) return known;
    const set = new Set([name]);
    for (const parent of raw.roles[name]?.inherits ?? []) for (const r of closureOf(parent)) set.add(r);
    const list = [...set];
    closures.set(name, list);
    return list;
  };
  const roles = new Map<string, CompiledRole>();
  for (const [name, role] of Object.entries(raw.roles)) {
    const own = new Map<Permission, string>();
    role.permissions?.forEach((p, i) => {
      own.set(p, ruleRef(file, ['roles', name, 'permissions', i]));
    });
    roles.set(name, { name, closure: closureOf(name), own });
  }
  return roles;
}
