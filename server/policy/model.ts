/**
 * The compiled, immutable form of a policy bundle: everything decide() needs, precomputed at
 * load (role closures, permission indexes, grants by collection id) so that a decision costs
 * O(roles + grants of one collection).
 */

import type { PiiConfig } from '../pii/config.js';
import type { CompiledCondition } from './conditions.js';
import type { RoleIndex } from './roleIndex.js';
import type { ACCESS_LEVELS, RESOURCE_TYPES } from './schema.js';
import type { AttributeValue, Permission } from './types.js';

/** `read` < `write` < `manage`. */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** A role after inheritance is resolved. */
export interface CompiledRole {
  readonly name: string;
  /** The role itself and every role it inherits, directly or not. */
  readonly closure: readonly string[];
  /** Permissions the role lists itself → the rule (file#pointer) that lists it. */
  readonly own: ReadonlyMap<Permission, string>;
}

/** A grant on a collection (or on every collection, under `*`). */
export interface CompiledGrant {
  /** `rbac.yaml#/collections/<id>/grants/<n>` */
  readonly rule: string;
  readonly role?: string;
  /** The role's bit in `CompiledRbac.index` (when `role` is set). */
  readonly roleBit?: number;
  readonly group?: string;
  readonly access: AccessLevel;
  /** Index of `access` in ACCESS_LEVELS, for a numeric comparison. */
  readonly level: number;
  readonly conditions: readonly CompiledCondition[];
}

/** A collection named in rbac.yaml. */
export interface CompiledCollection {
  readonly grants: readonly CompiledGrant[];
  /** Attributes declared in the policy; they take precedence over the caller's. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** The RBAC section (`rbac.yaml`). */
export interface CompiledRbac {
  readonly roles: ReadonlyMap<string, CompiledRole>;
  readonly defaultRoles: readonly string[];
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly users: ReadonlyMap<string, readonly string[]>;
  readonly collections: ReadonlyMap<string, CompiledCollection>;
  /** Grants under `collections['*']`, tried after a collection's own. */
  readonly everyCollection: readonly CompiledGrant[];
  /** Role sets as bit masks, for decide(). */
  readonly index: RoleIndex;
}

/** A decision test case from `tests/*.yaml`, as written. */
export interface PolicyTestCase {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly subject: SubjectSpec;
  readonly action: Permission;
  readonly resource?: ResourceSpec;
  readonly expect: 'allow' | 'deny';
  /** When given, the rule that must decide. */
  readonly rule?: string;
}

/** A subject as written in tests and for `explain`: `id` defaults to `user`. */
export interface SubjectSpec {
  readonly user: string;
  readonly id?: string;
  readonly groups?: readonly string[];
  /** Roles assigned locally (the user table), passed as `Subject.roles`. */
  readonly roles?: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A resource as written in tests and for `explain`: `owner` is the owner's user id. */
export interface ResourceSpec {
  readonly type: (typeof RESOURCE_TYPES)[number];
  readonly id?: string;
  readonly owner?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A loaded, validated, compiled bundle. Never mutated: a reload builds a new one. */
export interface PolicyBundle {
  /** Lower-case hex SHA-256 of the canonical content (see canonical.ts). */
  readonly hash: string;
  /** Absolute path of the bundle directory. */
  readonly dir: string;
  /** Files read, relative to `dir`, `/`-separated, sorted. */
  readonly files: readonly string[];
  readonly rbac: CompiledRbac;
  /** The PII section (`pii.yaml`), or the built-in defaults when the bundle has none. */
  readonly pii: PiiConfig;
  readonly tests: readonly PolicyTestCase[];
}
