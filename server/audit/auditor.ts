import type { Logger } from 'pino';
import {
  buildDraft,
  type EntryDraft,
  type PersonalDetails,
  PSEUDONYMOUS_OBJECTS,
  pseudonymize,
} from '../../audit/entries/index.js';
import type { AuditStore, SideWrite } from '../../audit/store/index.js';
import { subjectOf } from '../auth/subject.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../observability/metrics.js';
import { currentRequest } from '../observability/requestContext.js';
import { effectiveRoles } from '../policy/decide.js';
import type { PolicyStore } from '../policy/index.js';
import type { AuditActor, AuditEvent, Auditor } from './events.js';

/** Seals personal details for an entry inside the append's transaction (audit/entries). */
export type PersonalSealer = (subject: string, details: PersonalDetails) => SideWrite;

/** What the auditor is built from. */
export interface StoreAuditorOptions {
  readonly store: AuditStore;
  /** HMAC key for actor pseudonyms; lives outside the audit database (FORMAT.md §6.1). */
  readonly pseudonymKey: Buffer;
  /** The bundle in force, for entries' roles and policy hash; the CLI may have none. */
  readonly policy?: Pick<PolicyStore, 'current'>;
  readonly logger: Logger;
  readonly metrics?: Pick<Metrics, 'auditEntries' | 'auditFailures'>;
  /** Present when personal details (IP, user agent, display name) are sealed beside entries. */
  readonly sealPersonal?: PersonalSealer;
  /** Called after each committed entry (the checkpoint schedule counts them). */
  readonly onCommitted?: (seq: number) => void;
}

const MAX_ROLES = 32;

/**
 * The audit log as commands see it. Each event becomes a validated entry draft (pseudonymous
 * actor and subjects, roles in force, policy hash, request id), is appended with group commit,
 * and `record` resolves only after the commit. Any failure is `audit_unavailable`: the caller's
 * action fails with it rather than happening unrecorded (HIPAA 164.312(b)).
 */
export class StoreAuditor implements Auditor {
  readonly #o: StoreAuditorOptions;

  constructor(options: StoreAuditorOptions) {
    this.#o = options;
  }

  /** The keyed pseudonym entries use for `userId` (to search for a person's entries). */
  pseudonym(userId: string): string {
    return pseudonymize(this.#o.pseudonymKey, userId);
  }

  async record(event: AuditEvent): Promise<void> {
    const { draft, personal } = this.#draft(event);
    let seq: number;
    try {
      ({ seq } = await this.#o.store.append(draft, personal));
    } catch (err) {
      this.#o.metrics?.auditFailures.inc({ stage: 'append' });
      this.#o.logger.error({ err, action: event.action }, 'audit append failed; the action is refused');
      throw new AppError('audit_unavailable', 'The audit log cannot be written; the action was not done.', {
        cause: err,
      });
    }
    this.#o.metrics?.auditEntries.inc({ action: draft.action, outcome: draft.outcome });
    this.#o.logger.info(
      { audit: { seq, action: draft.action, outcome: draft.outcome, reason: draft.reason } },
      `audit: ${draft.action}`,
    );
    this.#o.onCommitted?.(seq);
  }

  #draft(event: AuditEvent): { draft: EntryDraft; personal?: SideWrite } {
    const key = this.#o.pseudonymKey;
    const request = currentRequest();
    const bundle = this.#o.policy?.current;
    const actor = actorFields(event.actor, key, bundle);
    const objectId =
      PSEUDONYMOUS_OBJECTS.has(event.object.type) && !event.object.pseudonymous
        ? pseudonymize(key, event.object.id)
        : event.object.id;
    // A malformed draft is a programming error: buildDraft throws and the action fails (500).
    const draft = buildDraft({
      ...actor,
      action: event.action,
      object: { type: event.object.type, id: objectId },
      outcome: event.outcome ?? 'success',
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      ...(request ? { request_id: request.requestId } : {}),
      ...(bundle ? { policy_hash: bundle.hash } : {}),
      ...(event.details === undefined ? {} : { details: event.details }),
    });
    const details = personalOf(event.actor, request);
    const personal =
      details && this.#o.sealPersonal && actor.actor_type !== 'system'
        ? this.#o.sealPersonal(actor.actor, details)
        : undefined;
    return personal ? { draft, personal } : { draft };
  }
}

function actorFields(
  actor: AuditActor,
  key: Buffer,
  bundle: PolicyStore['current'] | undefined,
): { actor: string; actor_type: 'user' | 'api_token' | 'system'; roles: string[] } {
  if (actor.kind === 'system') return { actor: actor.component, actor_type: 'system', roles: [] };
  const pseudonym = pseudonymize(key, actor.userId);
  if (actor.kind === 'principal') return { actor: pseudonym, actor_type: 'user', roles: [] };
  // An operator at the server's console acts outside the policy's roles.
  const roles =
    bundle && actor.via !== 'cli' ? effectiveRoles(bundle, subjectOf(actor)).slice(0, MAX_ROLES) : [];
  return { actor: pseudonym, actor_type: actor.via === 'api_token' ? 'api_token' : 'user', roles };
}

// The personal details an auditor may need, sealed beside the entry (never in it): where the
// request came from and who the person is by name.
function personalOf(
  actor: AuditActor,
  request: ReturnType<typeof currentRequest>,
): PersonalDetails | undefined {
  if (actor.kind === 'system') return undefined;
  const out: { ip?: string; user_agent?: string; display_name?: string } = {};
  if (request?.ip) out.ip = request.ip;
  if (request?.userAgent) out.user_agent = request.userAgent;
  if (actor.kind === 'user') out.display_name = actor.username.slice(0, 512);
  return Object.keys(out).length > 0 ? out : undefined;
}
