/**
 * Local-login latency with the configured argon2 parameters: success, wrong password and
 * unknown user (the last two should match). Each attempt from a fresh IP and after the
 * back-off has passed, so only argon2 and SQLite are measured.
 */

import { randomBytes } from 'node:crypto';
import { recordingAuditor } from '../../server/audit/test-support/recording.js';
import { createSecretBox } from '../../server/auth/local/secretBox.js';
import { ManualClock } from '../../server/clock.js';
import { createLocalUser } from '../../server/commands/localAccounts.js';
import { localLogin } from '../../server/commands/localLogin.js';
import type { Config } from '../../server/config/schema.js';
import type { Db } from '../../server/storage/db.js';

export async function benchLocalLogin(db: Db, config: Config, _dir: string, n = 10) {
  const clock = new ManualClock(Date.now());
  const deps = {
    db,
    clock,
    config: config.auth.local,
    box: createSecretBox(randomBytes(32)),
    // Audit appends are excluded here (an in-memory auditor); `npm run bench:audit` measures them.
    audit: recordingAuditor(),
  };
  const operator = { kind: 'user', userId: 'bench', username: 'bench', via: 'cli' } as const;
  const password = 'bench password 123';
  await createLocalUser(deps, operator, { username: 'bench-local', password, roles: [] });
  const ms: Record<'ok' | 'wrong_password' | 'unknown_user', number[]> = {
    ok: [],
    wrong_password: [],
    unknown_user: [],
  };
  let ip = 0;
  for (let i = 0; i < n; i++) {
    for (const [kind, username, pw] of [
      ['ok', 'bench-local', password],
      ['wrong_password', 'bench-local', 'not the password'],
      ['unknown_user', `nobody-${i}`, password],
    ] as const) {
      clock.advance(config.auth.local.backoffMaxMs + 1);
      const t = performance.now();
      await localLogin(deps, { username, password: pw, ip: `10.${ip >> 8}.${ip++ & 255}.1` }).catch(
        () => undefined,
      );
      ms[kind].push(performance.now() - t);
    }
  }
  const p50 = (s: number[]) => Math.round([...s].sort((a, b) => a - b)[Math.floor(s.length / 2)] ?? 0);
  return {
    argon2: `m=${config.auth.local.argon2MemoryKiB},t=${config.auth.local.argon2TimeCost},p=${config.auth.local.argon2Parallelism}`,
    p50_ms: { ok: p50(ms.ok), wrong_password: p50(ms.wrong_password), unknown_user: p50(ms.unknown_user) },
    n,
  };
}
