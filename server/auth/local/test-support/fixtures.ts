import { randomBytes } from 'node:crypto';
import { Secret } from 'otpauth';
import { type RecordingAuditor, recordingAuditor } from '../../../audit/test-support/recording.js';
import { ManualClock } from '../../../clock.js';
import type { Config } from '../../../config/schema.js';
import { AppError } from '../../../errors.js';
import { type Db, openDatabase } from '../../../storage/db.js';
import type { Actor } from '../../actor.js';
import { createSecretBox, type SecretBox } from '../secretBox.js';

/** The OWASP floor (the cheapest the config allows), with small, easy-to-count throttle numbers. */
export const fastConfig: Config['auth']['local'] = Object.freeze({
  enabled: true,
  mfaRequired: false,
  argon2MemoryKiB: 19_456,
  argon2TimeCost: 2,
  argon2Parallelism: 1,
  lockAfterFailures: 3,
  lockDurationMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 8_000,
});

export const operator: Actor = { kind: 'user', userId: 'os:admin', username: 'admin', via: 'cli' };
export const PASSWORD = 'correct horse battery';

export interface Harness {
  db: Db;
  clock: ManualClock;
  config: Config['auth']['local'];
  box: SecretBox;
  audit: RecordingAuditor;
}

/** A fresh in-memory database, manual clock, random sealing key and a recording auditor. */
export function harness(overrides: Partial<Config['auth']['local']> = {}): Harness {
  const clock = new ManualClock();
  return {
    db: openDatabase(':memory:', clock.now()),
    clock,
    config: { ...fastConfig, ...overrides },
    box: createSecretBox(randomBytes(32)),
    audit: recordingAuditor(),
  };
}

/** The AppError a promise rejects with (fails the test otherwise). */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** The AppError a function throws. */
export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

/** The TOTP secret inside an otpauth:// URI, as an authenticator app would read it. */
export function secretOf(otpauthUri: string): Buffer {
  const b32 = new URL(otpauthUri).searchParams.get('secret') ?? '';
  return Buffer.from(Secret.fromBase32(b32).bytes);
}
