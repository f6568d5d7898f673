import type { SessionRow } from '../storage/sessions.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A session as administrators and its owner see it (never the cookie value or CSRF token). */
export function presentSession(row: SessionRow & { username?: string }) {
  return {
    id: row.public_id,
    user: row.username ?? null,
    method: row.auth_method,
    created_at: iso(row.created_at),
    last_seen_at: iso(row.last_seen_at),
    expires_at: iso(row.expires_at),
  };
}
