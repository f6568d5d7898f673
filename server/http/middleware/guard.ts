import type { Middleware, Next } from 'koa';
import type { Auditor } from '../../audit/events.js';
import { subjectOf } from '../../auth/subject.js';
import { AppError } from '../../errors.js';
import type { PolicyBundle, PolicyStore } from '../../policy/index.js';
import { decide } from '../../policy/index.js';
import type { Permission } from '../../policy/types.js';
import type { AppContext, AppState } from '../types.js';
import { type AuthDeps, authenticateRequest } from './authenticate.js';

/** Marks the guard at the head of every route's chain; the route-walk test reads it. */
export const ROUTE_PERMISSION = Symbol('parley.routePermission');

/** A route's first middleware: it carries the permission the route needs. */
export type RouteGuard = Middleware<AppState> & {
  readonly [ROUTE_PERMISSION]: Permission | 'public' | 'authenticated';
};

/** What a guard needs. */
export interface GuardDeps extends AuthDeps {
  policy: PolicyStore;
  audit: Auditor;
}

/** For the few routes anyone may call (`/healthz`, `/readyz`); explicit, never implied. */
export function publicRoute(): RouteGuard {
  const mw = async (_ctx: AppContext, next: Next) => next();
  return Object.assign(mw, { [ROUTE_PERMISSION]: 'public' as const });
}

/**
 * For the caller's own session (sign out, session info, MFA enrolment): any authenticated
 * user, no permission, since a policy must never lock people out of signing out.
 */
export function authenticated(deps: GuardDeps): RouteGuard {
  const mw = async (ctx: AppContext, next: Next) => {
    authenticateRequest(ctx, deps);
    ctx.state.policy = deps.policy.current;
    await next();
  };
  return Object.assign(mw, { [ROUTE_PERMISSION]: 'authenticated' as const });
}

/**
 * Authenticates the caller and checks the route's permission against the policy bundle in
 * force. The bundle is read once per request, so a reload never splits a request between
 * two bundles. Deny is the default; a denial is a 403 and an audit entry naming the rule.
 */
export function guard(deps: GuardDeps, permission: Permission): RouteGuard {
  const mw = async (ctx: AppContext, next: Next) => {
    const actor = authenticateRequest(ctx, deps);
    const bundle = deps.policy.current;
    ctx.state.policy = bundle;
    const decision = decide(bundle, subjectOf(actor), permission);
    if (!decision.allow) {
      // Recorded before the 403 goes out (fail closed: no answer without its entry).
      await deps.audit.record({
        action: 'access.denied',
        actor,
        outcome: 'denied',
        object: { type: 'server', id: routeId(ctx) },
        reason: auditReason(decision.rule),
        details: { permission },
      });
      throw new AppError('forbidden', `You do not have the permission ${permission}.`);
    }
    await next();
  };
  return Object.assign(mw, { [ROUTE_PERMISSION]: permission });
}

/** The bundle the route's guard decided under; commands decide under the same one. */
export function policyOf(ctx: AppContext): PolicyBundle {
  const bundle = ctx.state.policy;
  if (!bundle)
    throw new AppError('internal_error', 'No policy bundle on this request (route without a guard?)');
  return bundle;
}

/** The matched route pattern (`/api/sessions/:id`), never the raw path with its ids. */
function routeId(ctx: AppContext): string {
  const pattern = (ctx as AppContext & { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
  return `${ctx.method}:${pattern}`.replace(/[^A-Za-z0-9._:/-]/g, '_').slice(0, 128);
}

/** A policy rule reference as an audit reason code (`rbac.yaml#/roles/staff` → short code). */
function auditReason(rule: string): string {
  const code = rule
    .toLowerCase()
    .replace(/[^a-z0-9_.:-]+/g, ':')
    .replace(/^[^a-z]+/, '');
  return (code || 'denied').slice(0, 64);
}
