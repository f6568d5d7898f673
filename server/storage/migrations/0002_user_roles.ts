/** Roles assigned to users locally (break-glass admins, API-token users), beside IdP groups. */
export const migration0002 = {
  version: 2,
  name: 'user_roles',
  sql: `
CREATE TABLE user_roles (
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  granted_at  INTEGER NOT NULL,
  granted_by  TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
) STRICT;
`,
} as const;
