/**
 * The decision function: deny by default; allow only when a role grants the permission and,
 * for owned and collection resources, the resource rule holds too. Pure and synchronous, and
 * on every request's path: role sets are bit masks (roleIndex.ts), no closures or sorting here.
 */
import {
  type Attributes,
  attributesOf,
  type CompiledCondition,
  describeCondition,
  holds,
} from './conditions.js';
import type { CompiledGrant, PolicyBundle } from './model.js';
import { firstCommonBit, hasBit, namesOf, orInto, type RoleMask } from './roleIndex.js';
import { ACCESS_LEVELS } from './schema.js';
import type { AttributeValue, Decision, Permission, ResourceRef, Subject } from './types.js';

/** The rule reported when nothing allowed. */
export const DEFAULT_DENY = 'default-deny';

// Permissions that act on a collection, and the grant access each needs (index in ACCESS_LEVELS).
const COLLECTION_ACCESS: ReadonlyMap<Permission, number> = new Map<Permission, number>([
  ['collection:read', 0],
  ['collection:write', 1],
  ['document:upload', 1],
  ['document:delete', 1],
  ['collection:manage', 2],
]);

interface Resolved {
  readonly mask: RoleMask;
  /** Effective role names, sorted. */
  readonly names: string[];
  /** How the direct roles were obtained, for the chain. */
  readonly sources: string[];
}

/** Every role the bundle defines, sorted (e.g. to check a local assignment). */
export function bundleRoles(bundle: PolicyBundle): string[] {
  return [...bundle.rbac.index.names];
}

/**
 * The subject's roles, sorted: default roles, IdP group mappings, rbac.yaml `users`, and
 * `subject.roles` (assigned locally, when the bundle defines them), each with what it inherits.
 */
export function effectiveRoles(bundle: PolicyBundle, subject: Subject): string[] {
  return resolveRoles(bundle, subject).names;
}

function resolveRoles(bundle: PolicyBundle, subject: Subject): Resolved {
  const index = bundle.rbac.index;
  const mask = new Uint32Array(index.words);
  const sources: string[] = [];
  if (index.defaults) {
    orInto(mask, index.defaults.mask);
    sources.push(index.defaults.label);
  }
  // Group names and the username come from the identity provider or the local user table.
  for (const group of subject.groups) {
    const source = index.groups.get(group);
    if (source) {
      orInto(mask, source.mask);
      sources.push(source.label);
    }
  }
  const user = index.users.get(subject.username);
  if (user) {
    orInto(mask, user.mask);
    sources.push(user.label);
  }
  if (subject.roles && subject.roles.length > 0) {
    const known: string[] = [];
    const unknown: string[] = [];
    for (const role of subject.roles) {
      const b = index.bit.get(role);
      if (b === undefined) unknown.push(role);
      else {
        known.push(role);
        orInto(mask, index.closure[b] as RoleMask);
      }
    }
    if (known.length > 0) sources.push(`${known.join(', ')} (assigned locally)`);
    if (unknown.length > 0) sources.push(`ignored (not in the bundle): ${unknown.join(', ')}`);
  }
  return { mask, names: namesOf(index, mask), sources };
}

/** The first (by role name) effective role that lists `permission` itself, with its rule. */
function findPermission(
  bundle: PolicyBundle,
  roles: Resolved,
  permission: Permission,
): { role: string; rule: string } | undefined {
  const index = bundle.rbac.index;
  const holders = index.holders.get(permission);
  if (!holders) return undefined;
  const b = firstCommonBit(roles.mask, holders.mask);
  return b < 0 ? undefined : { role: index.names[b] as string, rule: holders.rules[b] as string };
}

function finish(
  bundle: PolicyBundle,
  roles: Resolved,
  permission: Permission,
  chain: string[],
  rule: string,
): Decision {
  return {
    allow: rule !== DEFAULT_DENY,
    permission,
    rule,
    chain,
    roles: roles.names,
    bundleHash: bundle.hash,
  };
}

function denied(
  bundle: PolicyBundle,
  roles: Resolved,
  permission: Permission,
  chain: string[],
  why: string,
): Decision {
  chain.push(`${why} → deny (${DEFAULT_DENY})`);
  return finish(bundle, roles, permission, chain, DEFAULT_DENY);
}

function grantedBy(found: { role: string; rule: string }, what: string): string {
  return `${what} granted by role ${found.role} (${found.rule})`;
}

/**
 * Decides whether `subject` may use `permission`, on `resource` when one is given:
 * - `X:own` on a resource: allowed when the subject holds `X:own` and owns it (`ownerId`
 *   equals `subject.id`), or holds `X:any`. Without a resource: holding either suffices.
 * - collection permissions on a resource: it must be a `collection` with an id, and besides the
 *   role permission a grant on that collection (or on `*`) must match one of the subject's
 *   roles or groups, give enough access, and have all its conditions met.
 * - anything else: a role that grants the permission.
 */
export function decide(
  bundle: PolicyBundle,
  subject: Subject,
  permission: Permission,
  resource?: ResourceRef,
): Decision {
  const roles = resolveRoles(bundle, subject);
  const chain = [`roles: ${roles.sources.join('; ') || 'none'} → ${roles.names.join(', ') || 'none'}`];

  if (permission.endsWith(':own')) {
    const anyPermission = `${permission.slice(0, -4)}:any` as Permission;
    const own = findPermission(bundle, roles, permission);
    const anyFound = findPermission(bundle, roles, anyPermission);
    if (!own && !anyFound)
      return denied(bundle, roles, permission, chain, `no role grants ${permission} or ${anyPermission}`);
    // An empty id never owns anything: a missing id must not match a missing owner.
    const owns = resource?.ownerId !== undefined && subject.id !== '' && resource.ownerId === subject.id;
    if (own && (!resource || owns)) {
      chain.push(grantedBy(own, permission));
      if (resource) chain.push(`subject owns the ${resource.type}`);
      return finish(bundle, roles, permission, chain, own.rule);
    }
    if (anyFound) {
      chain.push(grantedBy(anyFound, `${anyPermission} (implies ${permission})`));
      return finish(bundle, roles, permission, chain, anyFound.rule);
    }
    chain.push(grantedBy(own as { role: string; rule: string }, permission));
    const owner = resource?.ownerId === undefined ? 'unknown' : 'another user';
    return denied(
      bundle,
      roles,
      permission,
      chain,
      `subject does not own the ${resource?.type} (owner: ${owner})`,
    );
  }

  const found = findPermission(bundle, roles, permission);
  if (!found) return denied(bundle, roles, permission, chain, `no role grants ${permission}`);
  chain.push(grantedBy(found, permission));
  const needed = COLLECTION_ACCESS.get(permission);
  if (needed === undefined || !resource) return finish(bundle, roles, permission, chain, found.rule);

  if (resource.type !== 'collection' || resource.id === undefined) {
    return denied(
      bundle,
      roles,
      permission,
      chain,
      `${permission} needs a collection resource with an id (got ${resource.type})`,
    );
  }
  const grant = findGrant(bundle, subject, roles, resource, needed, chain);
  if (!grant) {
    const why = `no grant on collection ${JSON.stringify(resource.id)} gives ${ACCESS_LEVELS[needed]} access`;
    return denied(bundle, roles, permission, chain, why);
  }
  chain.push(`grant ${grant.rule} gives ${grant.access} access`);
  return finish(bundle, roles, permission, chain, grant.rule);
}

function findGrant(
  bundle: PolicyBundle,
  subject: Subject,
  roles: Resolved,
  resource: ResourceRef,
  needed: number,
  chain: string[],
): CompiledGrant | undefined {
  // `resource.id` is caller-supplied; a Map lookup cannot reach prototype properties.
  const collection = bundle.rbac.collections.get(resource.id as string);
  const lists = [collection?.grants ?? [], bundle.rbac.everyCollection];
  let subjectAttributes: Attributes | undefined;
  let resourceAttributes: Attributes | undefined;
  for (const grants of lists) {
    for (const grant of grants) {
      const matches =
        grant.roleBit !== undefined
          ? hasBit(roles.mask, grant.roleBit)
          : subject.groups.includes(grant.group as string);
      if (!matches) continue;
      if (grant.level < needed) {
        chain.push(`grant ${grant.rule} gives only ${grant.access} access`);
        continue;
      }
      if (grant.conditions.length === 0) return grant;
      subjectAttributes ??= attributesOf(subject.attributes);
      resourceAttributes ??= resourceAttributesOf(resource, collection?.attributes);
      let failed = -1;
      for (let i = 0; i < grant.conditions.length && failed < 0; i++) {
        if (!holds(grant.conditions[i] as CompiledCondition, subjectAttributes, resourceAttributes))
          failed = i;
      }
      if (failed < 0) return grant;
      const text = describeCondition(
        grant.conditions[failed] as CompiledCondition,
        subjectAttributes,
        resourceAttributes,
      );
      chain.push(`grant ${grant.rule}: condition ${failed} not met: ${text}`);
    }
  }
  return undefined;
}

/**
 * Attributes declared in rbac.yaml win over the caller's: resource metadata may be editable by
 * users with write access, while the policy is reviewed.
 */
function resourceAttributesOf(
  resource: ResourceRef,
  declared: Readonly<Record<string, AttributeValue>> | undefined,
): Attributes {
  const caller = attributesOf(resource.attributes);
  if (!declared || Object.keys(declared).length === 0) return caller;
  return (name) => (Object.hasOwn(declared, name) ? declared[name] : caller(name));
}
