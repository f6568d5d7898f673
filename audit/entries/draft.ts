import { validateDetails } from './details.js';
import { EntryError } from './errors.js';
import {
  ACTOR_TYPES,
  type Action,
  type ActorType,
  actionSpec,
  isAction,
  OBJECT_TYPES,
  type ObjectType,
  OUTCOMES,
  type Outcome,
  PSEUDONYMOUS_OBJECTS,
} from './vocabulary.js';

/** A `details` value: metadata only (details.ts says which keys and strings pass). */
export type DetailValue = string | number | boolean;

/**
 * An audit entry before the store adds `seq`, `ts`, `prev` and `v` (FORMAT.md §6). Optional
 * fields are omitted, never `null`, so an entry's canonical bytes have one spelling. A type alias,
 * not an interface, so that it is assignable to the store's `append(draft: Record<string, unknown>)`.
 */
export type EntryDraft = {
  /** 64 lowercase hex: `pseudonymize(key, userId)`; for `system`, a component name. */
  readonly actor: string;
  readonly actor_type: ActorType;
  /** Roles in effect when acting, as the policy bundle names them. */
  readonly roles: readonly string[];
  readonly action: Action;
  readonly object: { readonly type: ObjectType; readonly id: string };
  readonly outcome: Outcome;
  /** A short code (`bad_password`, `default-deny`), never free text. */
  readonly reason?: string;
  readonly request_id?: string;
  /** SHA-256 hex of the policy bundle that decided. */
  readonly policy_hash?: string;
  readonly details?: Readonly<Record<string, DetailValue>>;
  /** Salted commitment to sealed personal details (personal.ts), 64 lowercase hex. */
  readonly personal?: string;
};

/** Fields the store sets; a draft carrying one is refused (the caller must not choose them). */
export const STORE_FIELDS: readonly string[] = Object.freeze(['seq', 'ts', 'prev', 'v']);

/** Limits, exported so FORMAT.md and tests can cite them. */
export const MAX_ROLES = 32;

const HEX64 = /^[0-9a-f]{64}$/;
const SYSTEM_ACTOR = /^[a-z][a-z0-9_.-]{0,31}$/;
// Mirrors the policy schema's role names (server/policy/schema.ts), restated: audit/ imports no server code.
const ROLE = /^[a-z][a-z0-9_-]{0,63}$/;
// No '@' (emails), no white space (prose): object ids are uuids, names of settings, model ids.
const OBJECT_ID = /^[A-Za-z0-9._:/-]{1,128}$/;
const REASON = /^[a-z][a-z0-9_.:-]{0,63}$/;
// Same shape as the server's accepted X-Request-Id (server/http/middleware/requestId.ts).
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

const REQUIRED = ['actor', 'actor_type', 'roles', 'action', 'object', 'outcome'] as const;
const OPTIONAL = ['reason', 'request_id', 'policy_hash', 'details', 'personal'] as const;
const ALLOWED: ReadonlySet<string> = new Set<string>([...REQUIRED, ...OPTIONAL]);

/**
 * Validates `input` as an entry draft and returns a frozen copy, so a caller cannot change it
 * after the check. Throws `EntryError`: `BAD_ENTRY` (shape, unknown or store-owned keys, floats,
 * oversized strings), `UNKNOWN_ACTION` (not in the vocabulary, or an object type or outcome the
 * action does not allow), `CONTENT_REFUSED` (details that look like content or personal data).
 */
export function buildDraft(input: unknown): EntryDraft {
  const src = plainObject(input, '$');
  for (const key of Object.keys(src)) {
    if (STORE_FIELDS.includes(key)) bad(`$.${key}`, 'is set by the store');
    if (!ALLOWED.has(key)) bad(`$.${key}`, 'unknown field');
  }
  for (const key of REQUIRED) if (!Object.hasOwn(src, key)) bad(`$.${key}`, 'missing');

  const actorType = oneOf(src.actor_type, ACTOR_TYPES, '$.actor_type');
  const actor = str(src.actor, '$.actor');
  // HIPAA 164.312(b) wants activity tied to a person; GDPR Art. 4(5) lets us do it by pseudonym.
  // A raw id, email or name here would survive every erasure, so only the HMAC form passes.
  if (actorType === 'system' ? !SYSTEM_ACTOR.test(actor) : !HEX64.test(actor))
    bad('$.actor', actorType === 'system' ? 'not a component name' : 'not a 64-hex pseudonym');

  if (!isAction(src.action)) throw new EntryError('UNKNOWN_ACTION', '$.action: not in the vocabulary');
  const action = src.action;
  const spec = actionSpec(action);

  const roles = array(src.roles, '$.roles').map((r, i) => match(r, ROLE, `$.roles[${i}]`));
  if (roles.length > MAX_ROLES) bad('$.roles', `more than ${MAX_ROLES}`);
  if (new Set(roles).size !== roles.length) bad('$.roles', 'duplicates');

  const obj = plainObject(src.object, '$.object');
  if (Object.keys(obj).some((k) => k !== 'type' && k !== 'id')) bad('$.object', 'unknown field');
  const type = oneOf(obj.type, OBJECT_TYPES, '$.object.type');
  if (spec.objects !== 'any' && !spec.objects.includes(type))
    throw new EntryError('UNKNOWN_ACTION', `$.object.type: ${action} does not act on ${type}`);
  const id = match(obj.id, PSEUDONYMOUS_OBJECTS.has(type) ? HEX64 : OBJECT_ID, '$.object.id');

  const outcome = oneOf(src.outcome, OUTCOMES, '$.outcome');
  if (spec.outcomes && !spec.outcomes.includes(outcome))
    throw new EntryError('UNKNOWN_ACTION', `$.outcome: ${action} cannot end in ${outcome}`);

  const draft: Record<string, unknown> = {
    actor,
    actor_type: actorType,
    roles: Object.freeze(roles),
    action,
    object: Object.freeze({ type, id }),
    outcome,
  };
  if (src.reason !== undefined) draft.reason = match(src.reason, REASON, '$.reason');
  if (src.request_id !== undefined) draft.request_id = match(src.request_id, REQUEST_ID, '$.request_id');
  if (src.policy_hash !== undefined) draft.policy_hash = match(src.policy_hash, HEX64, '$.policy_hash');
  if (src.personal !== undefined) draft.personal = match(src.personal, HEX64, '$.personal');
  if (src.details !== undefined)
    draft.details = Object.freeze(validateDetails(plainObject(src.details, '$.details')));
  return Object.freeze(draft) as unknown as EntryDraft;
}

function bad(path: string, why: string): never {
  throw new EntryError('BAD_ENTRY', `${path}: ${why}`);
}

/** A plain object (not an array, Date, Map or class instance); attacker-shaped input is expected. */
export function plainObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'not an object');
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) bad(path, 'not a plain object');
  if (Object.getOwnPropertySymbols(value).length > 0) bad(path, 'symbol keys');
  return value as Record<string, unknown>;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string') bad(path, 'not a string');
  return value;
}

function match(value: unknown, re: RegExp, path: string): string {
  const s = str(value, path);
  if (!re.test(s)) bad(path, 'malformed or too long');
  return s;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    bad(path, `not one of ${allowed.join(', ')}`);
  return value as T;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) bad(path, 'not an array');
  return [...value];
}
