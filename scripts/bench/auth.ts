/**
 * Authentication benchmark: what every request pays to validate a session (target p50 ≤
 * 50 µs), what a local login costs (argon2id dominates), and our side of an OIDC callback
 * (pending-login lookup, user provisioning, session creation), without the IdP round trip.
 * Run with `npm run bench:auth`; prints JSON.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordingAuditor } from '../../server/audit/test-support/recording.js';
import { createSession, validateSession } from '../../server/auth/sessions.js';
import { systemClock } from '../../server/clock.js';
import { completeOidcLogin } from '../../server/commands/completeOidcLogin.js';
import { loadConfig } from '../../server/config/load.js';
import { appDatabasePath, openDatabase } from '../../server/storage/db.js';
import { insertPending, takePending } from '../../server/storage/oidcPending.js';
import { ensureUser } from '../../server/storage/users.js';
import { benchLocalLogin } from './authLocal.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-auth-'));
const config = loadConfig({ env: {}, cwd: dir, flags: { dataDir: dir } });
const db = openDatabase(appDatabasePath(dir));
// Audit appends are excluded (an in-memory auditor); `npm run bench:audit` measures them.
const audit = recordingAuditor();
const sessionsConfig = config.auth.sessions;

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50_us: round(at(0.5)), p99_us: round(at(0.99)), n: s.length };
}
const round = (x: number) => Math.round(x * 100) / 100;

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1000;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1000;
}

try {
  // 1,000 users with a session each, so lookups hit a realistically sized index.
  const cookies: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const user = ensureUser(db, `user${i}`, Date.now());
    cookies.push(
      createSession({ db, clock: systemClock, config: sessionsConfig }, user.id, 'local').cookieValue,
    );
  }
  const validation: number[] = [];
  for (let i = 0; i < 50_000; i++) {
    const cookie = cookies[i % cookies.length] as string;
    validation.push(time(() => validateSession({ db, clock: systemClock, config: sessionsConfig }, cookie)));
  }

  const callback: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const state = randomBytes(32).toString('base64url');
    const browser = randomBytes(32).toString('base64url');
    const sha = (v: string) => createHash('sha256').update(v).digest('hex');
    insertPending(
      db,
      {
        state_hash: sha(state),
        browser_hash: sha(browser),
        nonce: 'n',
        code_verifier: 'v',
        return_to: '/',
        created_at: Date.now(),
      },
      600_000,
    );
    callback.push(
      await timeAsync(async () => {
        takePending(db, sha(state), sha(browser), Date.now(), 600_000);
        const { userId } = await completeOidcLogin(
          { db, clock: systemClock, audit },
          {
            issuer: 'https://idp.example',
            subject: `sub-${i % 500}`,
            groups: ['parley-clinicians'],
            attributes: {},
          },
        );
        createSession({ db, clock: systemClock, config: sessionsConfig }, userId, 'oidc');
      }),
    );
  }

  const local = await benchLocalLogin(db, config, dir);
  const sessionP = percentiles(validation);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'auth',
        node: process.version,
        session_validation: { ...sessionP, target_p50_us: 50, meets_target: sessionP.p50_us <= 50 },
        oidc_callback_excluding_idp: percentiles(callback),
        local_login: local,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
