import type { NoteVerifier } from '../../audit/index.js';
import type { AuditStore } from '../../audit/store/index.js';

/** The audit log's state as checked at start (and again on SIGHUP). */
export type AuditHealthState =
  | { readonly status: 'verified'; readonly size: number; readonly root: string }
  /** Not checked: a one-shot CLI command, which verifies only when asked to. */
  | { readonly status: 'unchecked' }
  | {
      readonly status: 'mismatch' | 'acknowledged';
      readonly firstBadSeq: number;
      /** An IntegrityFailure code (audit/store/integrity.ts), e.g. `LEAF_MISMATCH`. */
      readonly reason: string;
      readonly detail: string;
      /** Seq of the `audit.acknowledged` entry, once there is one. */
      readonly acknowledgedBy?: number;
    };

/** Trust material for the check: the log's key and the checkpoints shipped off the box. */
export interface HealthCheckInput {
  readonly store: AuditStore;
  readonly verifier: NoteVerifier;
  readonly origin: string;
  /** Checkpoint notes kept outside the database (the ship file); catch rollbacks and forks. */
  readonly external: readonly string[];
}

/**
 * Recomputes every leaf, the chain and the root, and compares them with every stored and
 * shipped checkpoint (issue 5: "on start, the log recomputes its root and compares it with
 * the last checkpoint"). A failure stays a `mismatch` until an operator appends an
 * `audit.acknowledged` entry naming exactly that first bad seq and reason (`parley audit
 * acknowledge`); a different or earlier failure needs its own acknowledgement.
 */
export function checkAuditHealth(input: HealthCheckInput): AuditHealthState {
  let result: ReturnType<AuditStore['verifyIntegrity']>;
  try {
    result = input.store.verifyIntegrity({
      verifier: input.verifier,
      origin: input.origin,
      external: input.external,
    });
  } catch (err) {
    // A shipped checkpoint that does not even parse or verify is itself a finding.
    return { status: 'mismatch', firstBadSeq: 0, reason: 'BAD_CHECKPOINT', detail: (err as Error).message };
  }
  if (result.ok) return { status: 'verified', size: result.size, root: result.root.toString('hex') };
  const ack = findAcknowledgement(input.store, result.firstBadSeq, result.reason);
  return ack === undefined
    ? { status: 'mismatch', firstBadSeq: result.firstBadSeq, reason: result.reason, detail: result.detail }
    : {
        status: 'acknowledged',
        firstBadSeq: result.firstBadSeq,
        reason: result.reason,
        detail: result.detail,
        acknowledgedBy: ack,
      };
}

/** Seq of the latest `audit.acknowledged` entry for exactly this failure, if any. */
export function findAcknowledgement(
  store: AuditStore,
  firstBadSeq: number,
  reason: string,
): number | undefined {
  let found: number | undefined;
  // The acknowledgement is appended after the damage was found, so only later entries count.
  for (const e of store.range(Math.max(0, firstBadSeq), store.size())) {
    let body: { action?: unknown; details?: { first_bad_seq?: unknown; reason?: unknown } };
    try {
      body = JSON.parse(e.body.toString('utf8'));
    } catch {
      continue; // the damaged entry itself
    }
    if (
      body.action === 'audit.acknowledged' &&
      body.details?.first_bad_seq === firstBadSeq &&
      body.details?.reason === reason
    )
      found = e.seq;
  }
  return found;
}

/** Holds the current state; the HTTP gate and /readyz read it. */
export class AuditHealth {
  #state: AuditHealthState;

  constructor(state: AuditHealthState) {
    this.#state = state;
  }

  get state(): AuditHealthState {
    return this.#state;
  }

  set(state: AuditHealthState): void {
    this.#state = state;
  }

  /** False while a detected mismatch is unacknowledged: the server then refuses to serve. */
  get serving(): boolean {
    return this.#state.status !== 'mismatch';
  }
}
