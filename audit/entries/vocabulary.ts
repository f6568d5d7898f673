// The fixed vocabulary of audit actions for the whole product. HIPAA 45 CFR 164.312(b) asks for
// mechanisms that "record and examine activity"; examining is only practical if every
// component names the same event the same way, so an action outside this list is refused
// rather than logged. Adding an action is a code change, reviewed, and listed in FORMAT.md §6.

/** Who acted: a signed-in person, an API token (acting for its owner), or Parley itself. */
export const ACTOR_TYPES = ['user', 'api_token', 'system'] as const;
/** One actor type. */
export type ActorType = (typeof ACTOR_TYPES)[number];

/** How it ended: done, refused by policy or authentication, or failed. */
export const OUTCOMES = ['success', 'denied', 'error'] as const;
/** One outcome. */
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What can be acted on. For `user` and `subject` the object id is itself a pseudonym
 * (pseudonym.ts), never a raw user id: a locked account names a person as much as an actor does.
 */
export const OBJECT_TYPES = [
  'user',
  'subject',
  'session',
  'api_token',
  'conversation',
  'document',
  'collection',
  'model',
  'policy',
  'audit_log',
  'config',
  'server',
] as const;
/** One object type. */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** Object types whose id must be a 64-hex pseudonym. */
export const PSEUDONYMOUS_OBJECTS: ReadonlySet<ObjectType> = new Set(['user', 'subject']);

/** What the vocabulary says about one action. */
export interface ActionSpec {
  /** Object types this action may name; `'any'` for the cross-cutting actions. */
  readonly objects: readonly ObjectType[] | 'any';
  /** Outcomes allowed; all three when absent. */
  readonly outcomes?: readonly Outcome[];
  /** One line: when it is written. */
  readonly doc: string;
}

const OK = ['success'] as const;
const NOT_OK = ['denied', 'error'] as const;

/** Every action Parley audits, grouped by area (`area.thing.event`, lowercase, `_` inside words). */
export const VOCABULARY = {
  // Authentication and sessions (HIPAA 164.312(d), person or entity authentication).
  'auth.login.succeeded': { objects: ['user'], outcomes: OK, doc: 'a sign-in completed (password, OIDC)' },
  'auth.login.failed': {
    objects: ['user'],
    outcomes: NOT_OK,
    doc: 'a sign-in failed; an unknown login name is recorded as the pseudonym of that name',
  },
  'auth.mfa.enrolled': { objects: ['user'], doc: 'a second factor was enrolled' },
  'auth.mfa.reset': { objects: ['user'], doc: "an administrator removed a user's second factor" },
  'auth.recovery_code.used': { objects: ['user'], doc: 'a recovery code was spent' },
  'auth.account.locked': { objects: ['user'], doc: 'an account was locked (by policy or an administrator)' },
  'auth.account.unlocked': { objects: ['user'], doc: 'an account was unlocked' },
  'auth.logout': { objects: ['session'], doc: 'a user signed out' },
  'session.revoked': { objects: ['session', 'user'], doc: 'one or all sessions were revoked' },
  'token.created': { objects: ['api_token'], doc: 'an API token was issued (its id, never its value)' },
  'token.revoked': { objects: ['api_token'], doc: 'an API token was revoked' },
  // Users and roles.
  'user.provisioned': { objects: ['user'], doc: 'a user was created (locally or just in time from OIDC)' },
  'user.roles_changed': { objects: ['user'], doc: 'roles were granted or removed' },
  'user.deactivated': { objects: ['user'], doc: 'a user was deactivated' },
  // Use of the assistant and of stored data (access to ePHI, HIPAA 164.312(b)).
  'chat.request': { objects: ['conversation', 'model'], doc: 'a chat completion was requested' },
  'conversation.read': { objects: ['conversation'], doc: 'a conversation was opened' },
  'conversation.deleted': { objects: ['conversation'], doc: 'a conversation was deleted' },
  'conversation.exported': { objects: ['conversation'], doc: 'a conversation was exported' },
  'document.uploaded': { objects: ['document'], doc: 'a document was uploaded' },
  'document.read': { objects: ['document'], doc: 'a document or its chunks were read' },
  'document.deleted': { objects: ['document'], doc: 'a document was deleted' },
  'collection.created': { objects: ['collection'], doc: 'a collection was created' },
  'collection.deleted': { objects: ['collection'], doc: 'a collection was deleted' },
  'collection.searched': { objects: ['collection'], doc: 'a collection was searched (counts only)' },
  'model.loaded': { objects: ['model'], doc: 'a model was loaded or swapped' },
  // Policy and access control.
  'policy.loaded': { objects: ['policy'], doc: 'a policy bundle was loaded at start' },
  'policy.reloaded': { objects: ['policy'], outcomes: OK, doc: 'a new policy bundle took effect' },
  'policy.reload_failed': { objects: ['policy'], outcomes: NOT_OK, doc: 'a reload was refused' },
  'access.denied': { objects: 'any', outcomes: ['denied'], doc: 'the policy engine denied a request' },
  // The audit log itself (reading the log is activity too).
  'audit.read': { objects: ['audit_log'], doc: 'audit entries were viewed' },
  'audit.exported': { objects: ['audit_log'], doc: 'an export bundle was produced' },
  'audit.verified': { objects: ['audit_log'], outcomes: OK, doc: 'the log verified' },
  'audit.verify_failed': { objects: ['audit_log'], outcomes: NOT_OK, doc: 'verification failed' },
  'audit.acknowledged': { objects: ['audit_log'], doc: 'an operator acknowledged a verify failure' },
  'audit.personal_read': { objects: ['subject'], doc: 'sealed personal details were opened' },
  // Retention and data-subject rights (GDPR Art. 5(1)(e), Art. 17).
  'retention.purged': {
    objects: ['conversation', 'document', 'collection', 'audit_log'],
    doc: 'data past its retention period was purged (count in details)',
  },
  'subject.erased': { objects: ['subject'], doc: "a data subject's personal details were erased (Art. 17)" },
  // Operations.
  'config.changed': { objects: ['config'], doc: 'a setting changed (its name; never its value if secret)' },
  'admin.action': { objects: 'any', doc: 'another administrative command (name in details.command)' },
  'server.started': { objects: ['server'], outcomes: OK, doc: 'the server started' },
  'server.stopped': { objects: ['server'], doc: 'the server stopped (error: crashed or was killed)' },
} as const satisfies Record<string, ActionSpec>;

/** One action of the vocabulary. */
export type Action = keyof typeof VOCABULARY;

/** Every action, in vocabulary order. */
export const ACTIONS: readonly Action[] = Object.freeze(Object.keys(VOCABULARY) as Action[]);

/** True when `value` is an action of the vocabulary (own keys only: `toString` is no action). */
export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(VOCABULARY, value);
}

/** The vocabulary's entry for `action`. */
export function actionSpec(action: Action): ActionSpec {
  return VOCABULARY[action];
}
