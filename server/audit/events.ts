import type { Action, DetailValue, ObjectType, Outcome } from '../../audit/entries/index.js';
import type { Actor } from '../auth/actor.js';

/** Parley itself acting (start, stop, timers), named by component. */
export interface SystemActor {
  readonly kind: 'system';
  /** Lowercase component name, e.g. `server`, `maintenance`. */
  readonly component: string;
}

/**
 * Someone identified but not signed in: a sign-in attempt (the user id when the name exists,
 * `name:<login name>` when it does not) or a user just provisioned from the IdP.
 */
export interface PrincipalActor {
  readonly kind: 'principal';
  readonly userId: string;
}

/** Who caused an audit entry. */
export type AuditActor = Actor | SystemActor | PrincipalActor;

/**
 * What an entry is about. For `user` and `subject` objects `id` is the raw user id: the auditor
 * turns it into the same keyed pseudonym as the actor field, never storing it.
 */
export interface AuditObject {
  readonly type: ObjectType;
  readonly id: string;
  /** `id` is already the keyed pseudonym (taken from an earlier entry), not a raw user id. */
  readonly pseudonymous?: true;
}

/** One security-relevant action, as commands and routes report it. */
export interface AuditEvent {
  readonly action: Action;
  readonly actor: AuditActor;
  readonly object: AuditObject;
  /** Defaults to `success`. */
  readonly outcome?: Outcome;
  /** A short code (`bad_password`, `default-deny`), never free text. */
  readonly reason?: string;
  /** Metadata only (counts, ids, hashes); audit/entries/details.ts refuses content. */
  readonly details?: Readonly<Record<string, DetailValue>>;
}

/**
 * Where audited actions are recorded. `record` resolves only once the entry is durably
 * committed; when the log cannot be written it rejects with `audit_unavailable`, and the
 * caller's action must fail with it (fail closed, issue 5).
 */
export interface Auditor {
  record(event: AuditEvent): Promise<void>;
}

/** The system actor for a component. */
export function system(component: string): SystemActor {
  return { kind: 'system', component };
}

/** The principal actor for a sign-in attempt: the user if known, else the name tried. */
export function principal(userId: string | undefined, loginName?: string): PrincipalActor {
  return { kind: 'principal', userId: userId ?? `name:${loginName ?? ''}` };
}
