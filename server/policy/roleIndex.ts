/**
 * Role sets as bit masks, built once at load: bit i is the i-th role in name order. A
 * subject's effective roles are then the OR of a few precomputed masks (default roles, each
 * group, the user), and "which role grants P" is the lowest bit of (effective AND holders(P)).
 * This keeps decide() at O(roles / 32 + grants of one collection), with no sorting.
 */
import type { Permission } from './types.js';

/** A set of roles; `Uint32Array` of `RoleIndex.words` words. */
export type RoleMask = Uint32Array;

/** Where a subject's roles come from, with the chain text precomputed. */
export interface RoleSource {
  readonly mask: RoleMask;
  /** e.g. `clinician (group "parley-clinicians")` */
  readonly label: string;
}

/** The indexes decide() uses. */
export interface RoleIndex {
  /** Role names, sorted; index = bit. */
  readonly names: readonly string[];
  readonly bit: ReadonlyMap<string, number>;
  readonly words: number;
  /** Each role's closure (itself and everything it inherits), by bit. */
  readonly closure: readonly RoleMask[];
  /** Roles that list each permission themselves, and the rule of each listing (by bit). */
  readonly holders: ReadonlyMap<
    Permission,
    { readonly mask: RoleMask; readonly rules: readonly (string | undefined)[] }
  >;
  readonly defaults?: RoleSource;
  readonly groups: ReadonlyMap<string, RoleSource>;
  readonly users: ReadonlyMap<string, RoleSource>;
}

/** Builds the index from resolved roles (closures already cycle-free). */
export function buildRoleIndex(
  roles: ReadonlyMap<
    string,
    { readonly closure: readonly string[]; readonly own: ReadonlyMap<Permission, string> }
  >,
  defaultRoles: readonly string[],
  groups: ReadonlyMap<string, readonly string[]>,
  users: ReadonlyMap<string, readonly string[]>,
): RoleIndex {
  const names = [...roles.keys()].sort();
  const bit = new Map(names.map((n, i) => [n, i]));
  const words = Math.max(1, Math.ceil(names.length / 32));
  const maskOf = (list: Iterable<string>): RoleMask => {
    const mask = new Uint32Array(words);
    for (const name of list) {
      const b = bit.get(name);
      if (b !== undefined) mask[b >>> 5] = (mask[b >>> 5] as number) | (1 << (b & 31));
    }
    return mask;
  };
  const closure = names.map((n) => maskOf(roles.get(n)?.closure ?? []));
  const holders = new Map<Permission, { mask: RoleMask; rules: (string | undefined)[] }>();
  names.forEach((name, b) => {
    for (const [permission, rule] of roles.get(name)?.own ?? []) {
      let entry = holders.get(permission);
      if (!entry) {
        entry = { mask: new Uint32Array(words), rules: new Array(names.length).fill(undefined) };
        holders.set(permission, entry);
      }
      entry.mask[b >>> 5] = (entry.mask[b >>> 5] as number) | (1 << (b & 31));
      entry.rules[b] = rule;
    }
  });
  const source = (list: readonly string[], why: string): RoleSource => {
    const mask = new Uint32Array(words);
    for (const name of list) orInto(mask, closure[bit.get(name) ?? -1] ?? new Uint32Array(words));
    return { mask, label: `${list.join(', ')} (${why})` };
  };
  const sources = (map: ReadonlyMap<string, readonly string[]>, kind: string) =>
    new Map(
      [...map]
        .filter(([, list]) => list.length > 0)
        .map(([k, list]) => [k, source(list, `${kind} ${JSON.stringify(k)}`)]),
    );
  return {
    names,
    bit,
    words,
    closure,
    holders,
    ...(defaultRoles.length > 0 && { defaults: source(defaultRoles, 'default') }),
    groups: sources(groups, 'group'),
    users: sources(users, 'user'),
  };
}

/** `target |= mask`, word by word. */
export function orInto(target: RoleMask, mask: RoleMask): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) | (mask[i] as number);
}

/** Whether bit `b` is set. */
export function hasBit(mask: RoleMask, b: number): boolean {
  return (((mask[b >>> 5] as number) >>> (b & 31)) & 1) === 1;
}

/** Lowest set bit of `a AND b`, or -1. */
export function firstCommonBit(a: RoleMask, b: RoleMask): number {
  for (let i = 0; i < a.length; i++) {
    const w = ((a[i] as number) & (b[i] as number)) >>> 0;
    if (w !== 0) return i * 32 + (31 - Math.clz32(w & -w));
  }
  return -1;
}

/** Role names of `mask`, in name order. */
export function namesOf(index: RoleIndex, mask: RoleMask): string[] {
  const out: string[] = [];
  for (let b = 0; b < index.names.length; b++) if (hasBit(mask, b)) out.push(index.names[b] as string);
  return out;
}
