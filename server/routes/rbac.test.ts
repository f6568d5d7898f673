import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouters } from '../http/app.js';
import { ROUTE_PERMISSION } from '../http/middleware/guard.js';
import { postJson } from '../test-support/http.js';
import { startTestServer, type TestServer } from '../test-support/server.js';

// Issue 3: deny by default, a declared permission on every route, and a route-by-role matrix.
type Role = 'staff' | 'clinician' | 'compliance_officer' | 'admin';
const ROLES: Role[] = ['staff', 'clinician', 'compliance_officer', 'admin'];
const ALL = ROLES;

interface RouteCase {
  method: 'GET' | 'POST' | 'DELETE';
  /** The router's pattern, as the route walk reports it. */
  pattern: string;
  /** Roles that must pass the route's permission check; every other role gets 403. */
  allowed: readonly Role[] | 'public';
  /** Status an allowed caller gets, when not 2xx (the permission check passed, the request did not). */
  allowedStatus?: number;
  call(token: string): Promise<Response>;
}

let server: TestServer;
const tokens = {} as Record<Role, string>;
let conversationOf = {} as Record<Role, string>;

const get = (path: string, token?: string) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const chat = { model: 'stories260k', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 };

const MATRIX: RouteCase[] = [
  { method: 'GET', pattern: '/healthz', allowed: 'public', call: (t) => get('/healthz', t) },
  { method: 'GET', pattern: '/readyz', allowed: 'public', call: (t) => get('/readyz', t) },
  { method: 'GET', pattern: '/metrics', allowed: ['admin'], call: (t) => get('/metrics', t) },
  // Sign-in routes are public; this server has no IdP configured, hence 404.
  {
    method: 'GET',
    pattern: '/auth/oidc/login',
    allowed: 'public',
    allowedStatus: 404,
    call: (t) => get('/auth/oidc/login', t),
  },
  {
    method: 'GET',
    pattern: '/auth/oidc/callback',
    allowed: 'public',
    allowedStatus: 404,
    call: (t) => get('/auth/oidc/callback?state=x&code=y', t),
  },
  { method: 'GET', pattern: '/auth/session', allowed: ALL, call: (t) => get('/auth/session', t) },
  {
    method: 'POST',
    pattern: '/auth/local/login',
    allowed: 'public',
    // Public, and this body is invalid on purpose: no account is touched.
    allowedStatus: 400,
    call: (t) => postJson(`${server.url}/auth/local/login`, t, {}),
  },
  {
    method: 'POST',
    pattern: '/auth/mfa/enroll',
    allowed: ALL,
    // Authenticated, but token users have no local password to protect with MFA.
    allowedStatus: 404,
    call: (t) => postJson(`${server.url}/auth/mfa/enroll`, t, {}),
  },
  {
    method: 'POST',
    pattern: '/auth/mfa/confirm',
    allowed: ALL,
    allowedStatus: 400,
    call: (t) => postJson(`${server.url}/auth/mfa/confirm`, t, {}),
  },
  {
    method: 'POST',
    pattern: '/auth/logout',
    allowed: ALL,
    // Authenticated, but a bearer token has no session to end.
    allowedStatus: 400,
    call: (t) => postJson(`${server.url}/auth/logout`, t, {}),
  },
  { method: 'GET', pattern: '/api/sessions', allowed: ['admin'], call: (t) => get('/api/sessions', t) },
  {
    method: 'DELETE',
    pattern: '/api/sessions/:id',
    allowed: ['admin'],
    allowedStatus: 404,
    call: (t) =>
      fetch(`${server.url}/api/sessions/ses_00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${t}` },
      }),
  },
  {
    method: 'POST',
    pattern: '/api/conversations',
    allowed: ALL,
    call: (t) => postJson(`${server.url}/api/conversations`, t, {}),
  },
  { method: 'GET', pattern: '/api/conversations', allowed: ALL, call: (t) => get('/api/conversations', t) },
  {
    method: 'GET',
    pattern: '/api/conversations/:id',
    allowed: ALL,
    call: (t) => get(`/api/conversations/${conversationOf[roleOf(t)]}`, t),
  },
  {
    method: 'POST',
    pattern: '/api/conversations/:id/messages',
    allowed: ALL,
    call: (t) =>
      postJson(`${server.url}/api/conversations/${conversationOf[roleOf(t)]}/messages`, t, {
        content: 'Hi',
        max_tokens: 2,
      }),
  },
  { method: 'GET', pattern: '/v1/models', allowed: ALL, call: (t) => get('/v1/models', t) },
  {
    method: 'POST',
    pattern: '/v1/chat/completions',
    allowed: ALL,
    call: (t) => postJson(`${server.url}/v1/chat/completions`, t, chat),
  },
  {
    method: 'POST',
    pattern: '/v1/embeddings',
    allowed: ALL,
    call: (t) => postJson(`${server.url}/v1/embeddings`, t, { model: 'stories260k', input: 'a cat' }),
  },
  {
    method: 'POST',
    pattern: '/api/collections/:collection/documents',
    allowed: ['clinician', 'admin'],
    // Past the guard, a JSON body is refused: uploads are multipart.
    allowedStatus: 415,
    call: (t) => postJson(`${server.url}/api/collections/hospital-handbook/documents`, t, {}),
  },
  {
    method: 'GET',
    pattern: '/api/collections/:collection/documents',
    allowed: ALL,
    call: (t) => get('/api/collections/hospital-handbook/documents', t),
  },
  {
    method: 'DELETE',
    pattern: '/api/collections/:collection',
    allowed: ['admin'],
    call: (t) =>
      fetch(`${server.url}/api/collections/matrix-empty`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${t}` },
      }),
  },
  {
    method: 'GET',
    pattern: '/api/documents/:id',
    allowed: ALL,
    allowedStatus: 404,
    call: (t) => get('/api/documents/doc_00000000-0000-4000-8000-000000000000', t),
  },
  {
    method: 'DELETE',
    pattern: '/api/documents/:id',
    allowed: ['admin'],
    allowedStatus: 404,
    call: (t) =>
      fetch(`${server.url}/api/documents/doc_00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${t}` },
      }),
  },
  {
    method: 'POST',
    pattern: '/api/search',
    allowed: ALL,
    call: (t) => postJson(`${server.url}/api/search`, t, { query: 'hand hygiene' }),
  },
  {
    method: 'GET',
    pattern: '/api/audit/entries',
    allowed: ['compliance_officer'],
    call: (t) => get('/api/audit/entries?limit=1', t),
  },
  {
    method: 'POST',
    pattern: '/api/audit/verify',
    allowed: ['compliance_officer'],
    call: (t) => postJson(`${server.url}/api/audit/verify`, t, {}),
  },
  {
    method: 'POST',
    pattern: '/api/audit/exports',
    allowed: ['compliance_officer'],
    call: (t) => postJson(`${server.url}/api/audit/exports`, t, {}),
  },
];

function roleOf(token: string): Role {
  const role = ROLES.find((r) => tokens[r] === token);
  if (!role) throw new Error('unknown token');
  return role;
}

beforeAll(async () => {
  server = await startTestServer();
  // Everyone authenticated is `staff` by default; the others are assigned locally.
  tokens.staff = server.token('u-staff').token;
  tokens.clinician = server.token('u-clinician', { roles: ['clinician'] }).token;
  tokens.compliance_officer = server.token('u-compliance', { roles: ['compliance_officer'] }).token;
  tokens.admin = server.token('u-admin', { roles: ['admin'] }).token;
  conversationOf = {} as Record<Role, string>;
  for (const role of ROLES) {
    conversationOf[role] = (
      await (await postJson(`${server.url}/api/conversations`, tokens[role], {})).json()
    ).id;
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('issue 3: every route declares its permission', () => {
  it('walks the router: each route starts with a guard that names a permission or is explicitly public', () => {
    const declared: string[] = [];
    for (const router of apiRouters(server.deps)) {
      for (const layer of router.stack) {
        const head = layer.stack[0] as unknown as Record<symbol, unknown> | undefined;
        const permission = head?.[ROUTE_PERMISSION];
        expect(permission, `${layer.methods.join(',')} ${layer.path} has no declared permission`).toBeTypeOf(
          'string',
        );
        for (const method of layer.methods.filter((m) => m !== 'HEAD'))
          declared.push(`${method} ${layer.path}`);
      }
    }
    // The matrix below must cover every route, so a new route cannot skip the role test.
    const covered = MATRIX.map((c) => `${c.method} ${c.pattern}`);
    expect([...declared].sort()).toEqual([...covered].sort());
  });
});

describe('issue 3: route-by-role matrix', () => {
  for (const route of MATRIX) {
    for (const role of ROLES) {
      const allowed = route.allowed === 'public' || route.allowed.includes(role);
      it(`${route.method} ${route.pattern} as ${role} → ${allowed ? 'allowed' : '403'}`, async () => {
        const res = await route.call(tokens[role]);
        if (allowed && route.allowedStatus !== undefined) {
          expect(res.status, await res.clone().text()).toBe(route.allowedStatus);
        } else if (allowed) {
          expect(res.status, await res.clone().text()).toBeLessThan(300);
        } else {
          expect(res.status).toBe(403);
          const body = await res.json();
          expect(body.error.code).toBe('forbidden');
          expect(body.error.type).toBe('permission_error');
        }
        await res.arrayBuffer().catch(() => undefined);
      });
    }
  }
});

describe('issue 3: resource-level rules for conversations', () => {
  it('a compliance officer may read another user’s conversation; an admin may not (404)', async () => {
    const id = conversationOf.staff;
    expect((await get(`/api/conversations/${id}`, tokens.compliance_officer)).status).toBe(200);
    const admin = await get(`/api/conversations/${id}`, tokens.admin);
    expect(admin.status).toBe(404);
    expect((await admin.json()).error.code).toBe('conversation_not_found');
    expect((await get(`/api/conversations/${id}`, tokens.clinician)).status).toBe(404);
  });

  it('nobody may write into another user’s conversation, not even with read:any', async () => {
    const res = await postJson(
      `${server.url}/api/conversations/${conversationOf.staff}/messages`,
      tokens.compliance_officer,
      {
        content: 'hello',
        max_tokens: 2,
      },
    );
    expect(res.status).toBe(404);
  });

  it('a denial is an audit entry naming the route, the permission and the rule, and is counted', async () => {
    const before = server.deps.auditLog.store.size();
    expect((await get('/metrics', tokens.staff)).status).toBe(403);
    const text = await server.deps.metrics.registry.getSingleMetricAsString('parley_audit_entries_total');
    expect(text).toMatch(/action="access.denied",outcome="denied"} [1-9]/);
    const page = server.deps.auditLog.search.search({ action: 'access.denied' }, before - 1, 10);
    expect(page.entries).toHaveLength(1);
    const entry = JSON.parse((page.entries[0] as { body: Buffer }).body.toString());
    expect(entry).toMatchObject({
      actor_type: 'api_token',
      roles: ['staff'],
      object: { type: 'server', id: 'GET:/metrics' },
      outcome: 'denied',
      details: { permission: 'metrics:read' },
      policy_hash: server.deps.policy.current.hash,
    });
    expect(entry.actor).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.request_id).toMatch(/^req_/);
  });
});
