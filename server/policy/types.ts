/**
 * The contract between the policy engine (server/policy) and the rest of the server.
 * Everything the engine decides is a pure function of a loaded bundle and these inputs.
 */

/** Every permission the product knows; a bundle naming another one is invalid. */
export const PERMISSIONS = [
  'chat:use',
  'conversation:read:own',
  'conversation:read:any',
  'conversation:delete:own',
  'conversation:delete:any',
  'model:read',
  'model:manage',
  'embedding:use',
  'search:use',
  'collection:read',
  'collection:write',
  'collection:manage',
  'document:upload',
  'document:delete',
  'audit:read',
  'audit:export',
  'policy:read',
  'policy:manage',
  'user:read',
  'user:manage',
  'token:manage',
  'metrics:read',
] as const;

/** One permission. `...:own` permissions apply only to resources the subject owns. */
export type Permission = (typeof PERMISSIONS)[number];

/** Attribute values a condition can compare (from IdP claims or resource metadata). */
export type AttributeValue = string | number | boolean | readonly string[];

/** Who asks: an authenticated user, however authenticated. */
export interface Subject {
  /** Stable user id (for ownership checks). */
  readonly id: string;
  readonly username: string;
  /** Groups from the identity provider (mapped to roles by rbac.yaml). */
  readonly groups: readonly string[];
  /** Attributes such as `department`, from IdP claims. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /**
   * Roles assigned outside the bundle (the local user table, `parley user role grant`).
   * Only roles the bundle defines count; others are ignored and named in the decision chain.
   */
  readonly roles?: readonly string[];
}

/** What is acted on. Omit for permission-only checks (a route's declared permission). */
export interface ResourceRef {
  readonly type:
    | 'conversation'
    | 'collection'
    | 'document'
    | 'audit'
    | 'policy'
    | 'user'
    | 'model'
    | 'system';
  readonly id?: string;
  /** Owner's user id, for `:own` permissions. */
  readonly ownerId?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** An engine decision, explainable and tied to the bundle version it was made under. */
export interface Decision {
  readonly allow: boolean;
  readonly permission: Permission;
  /** The rule that decided, e.g. `rbac.yaml#/roles/clinician/permissions/2` or `default-deny`. */
  readonly rule: string;
  /** Human-readable steps that led to the decision (roles found, grants tried, conditions). */
  readonly chain: readonly string[];
  /** The subject's effective roles (after group mapping, assignment and inheritance). */
  readonly roles: readonly string[];
  /** SHA-256 of the canonical bundle the decision was made under. */
  readonly bundleHash: string;
}

/** A problem in a policy file, with its place. */
export interface PolicyProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}
