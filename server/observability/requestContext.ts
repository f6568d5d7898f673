import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the HTTP request being served, for the audit log's entries and sealed details. */
export interface RequestContext {
  readonly requestId: string;
  /** Client address as Koa resolved it (attacker-influenced when behind an untrusted proxy). */
  readonly ip?: string;
  /** Attacker-controlled; only ever stored sealed (audit personal details), never in an entry. */
  readonly userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

// Request metadata travels beside the call rather than through every command's arguments:
// commands take an explicit actor and input and never see `ctx`, yet the audit entry they
// write must carry the request id and the sealed client details of the request that caused it.

/** Runs `fn` with `context` as the current request. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request being served, if any (none for CLI commands and timers). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
