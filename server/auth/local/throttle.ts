import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Config } from '../../config/schema.js';
import type { LoginThrottleRow } from '../../storage/loginThrottle.js';

/**
 * Brute-force defence, as pure functions over `login_throttle` rows. Every failure doubles
 * the wait before the next attempt on the same key (`backoffBaseMs`, 2×, 4×, … up to
 * `backoffMaxMs`), per account and per source IP; an account is also locked after
 * `lockAfterFailures` consecutive failures, until an administrator unlocks it or
 * `lockDurationMs` passes (0: only an administrator unlocks it).
 */
type LocalConfig = Config['auth']['local'];

/** Failures with no new failure for this long are forgotten (a typo a week never locks). */
export const FAILURES_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

export const accountKey = (userId: string) => `user:${userId}`;
/**
 * An IPv6 client usually controls a whole /64, so IPv6 addresses are throttled per /64;
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`, as Node reports IPv4 on a dual-stack socket) counts
 * as the IPv4 address.
 */
export function ipKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (isIPv6(ip)) return `ip:${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
  return `ip:${ip}`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped), lower-case, unpadded. */
function expandIPv6(ip: string): string[] {
  const bare = (ip.split('%')[0] as string).toLowerCase();
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (e.g. 64:ff9b::1.2.3.4) counts as two groups; only the first four matter here.
  const fill = Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...(tail === undefined ? [] : fill), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}
/**
 * Unknown usernames get a back-off too, or its absence would tell which accounts exist.
 * The name is hashed: people type their password into the username field.
 */
export const unknownNameKey = (username: string) =>
  `name:${createHash('sha256').update(username, 'utf8').digest('hex')}`;

/** The row as it stands at `now`: undefined when there is nothing (left) to enforce. */
export function effectiveRow(
  row: LoginThrottleRow | undefined,
  now: number,
  config: LocalConfig,
): LoginThrottleRow | undefined {
  if (!row) return undefined;
  if (row.locked_at !== null) {
    // An expired lock starts afresh: no failures, no back-off.
    return config.lockDurationMs > 0 && now >= row.locked_at + config.lockDurationMs ? undefined : row;
  }
  return now >= row.last_failure_at + FAILURES_FORGOTTEN_AFTER_MS ? undefined : row;
}

/** Wait after the n-th consecutive failure. */
export function backoffMs(failures: number, config: LocalConfig): number {
  if (failures <= 0) return 0;
  // 2^30 already exceeds any backoffMaxMs the config allows; cap the exponent against overflow.
  return Math.min(config.backoffBaseMs * 2 ** Math.min(failures - 1, 30), config.backoffMaxMs);
}

/** Milliseconds until the key may try again (0: now). */
export function waitMs(row: LoginThrottleRow | undefined, now: number): number {
  return row ? Math.max(0, row.next_allowed_at - now) : 0;
}

/** Milliseconds the lock still holds: null when not locked, Infinity until an admin unlocks. */
export function lockRemainingMs(
  row: LoginThrottleRow | undefined,
  now: number,
  config: LocalConfig,
): number | null {
  if (!row || row.locked_at === null) return null;
  return config.lockDurationMs > 0
    ? Math.max(0, row.locked_at + config.lockDurationMs - now)
    : Number.POSITIVE_INFINITY;
}

/** The row after one more failure; `lockable` only for existing accounts. */
export function afterFailure(
  key: string,
  row: LoginThrottleRow | undefined,
  now: number,
  config: LocalConfig,
  lockable: boolean,
): { row: LoginThrottleRow; newlyLocked: boolean } {
  const failures = (row?.failures ?? 0) + 1;
  // A lock keeps its original start: failing during a lock does not extend it.
  const shouldLock = lockable && row?.locked_at == null && failures >= config.lockAfterFailures;
  return {
    row: {
      key,
      failures,
      last_failure_at: now,
      next_allowed_at: now + backoffMs(failures, config),
      locked_at: shouldLock ? now : (row?.locked_at ?? null),
    },
    newlyLocked: shouldLock,
  };
}

/** Seconds for `Retry-After`, rounded up so that a client waiting that long is let in. */
export function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
