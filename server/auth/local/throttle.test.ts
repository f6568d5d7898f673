import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLoginThrottle, pruneLoginThrottle, putLoginThrottle } from '../../storage/loginThrottle.js';
import { fastConfig, type Harness, harness } from './test-support/fixtures.js';
import {
  accountKey,
  afterFailure,
  backoffMs,
  effectiveRow,
  FAILURES_FORGOTTEN_AFTER_MS,
  ipKey,
  lockRemainingMs,
  unknownNameKey,
} from './throttle.js';

describe('throttle policy', () => {
  it('doubles from the base and caps at the maximum; base 0 disables back-off', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((n) => backoffMs(n, fastConfig))).toEqual([
      0, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffMs(5, { ...fastConfig, backoffBaseMs: 0 })).toBe(0);
    expect(backoffMs(10_000, { ...fastConfig, backoffMaxMs: 3_600_000 })).toBe(3_600_000);
  });

  it('locks an account (never an unknown name) at lockAfterFailures, and the lock keeps its start', () => {
    let row = afterFailure('user:u', undefined, 0, fastConfig, true).row;
    row = afterFailure('user:u', row, 1, fastConfig, true).row;
    const third = afterFailure('user:u', row, 2, fastConfig, true);
    expect(third).toMatchObject({ newlyLocked: true, row: { failures: 3, locked_at: 2 } });
    expect(afterFailure('user:u', third.row, 9, fastConfig, true)).toMatchObject({
      newlyLocked: false,
      row: { failures: 4, locked_at: 2 },
    });
    expect(
      afterFailure('name:x', { ...third.row, locked_at: null }, 9, fastConfig, false).row.locked_at,
    ).toBeNull();
  });

  it('forgets old failures and expired locks', () => {
    const row = { key: 'k', failures: 2, last_failure_at: 0, next_allowed_at: 2000, locked_at: null };
    expect(effectiveRow(row, FAILURES_FORGOTTEN_AFTER_MS - 1, fastConfig)).toBe(row);
    expect(effectiveRow(row, FAILURES_FORGOTTEN_AFTER_MS, fastConfig)).toBeUndefined();
    const locked = { ...row, locked_at: 0 };
    expect(lockRemainingMs(locked, 10_000, fastConfig)).toBe(50_000);
    expect(effectiveRow(locked, 60_000, fastConfig)).toBeUndefined();
    expect(lockRemainingMs(locked, 10 ** 12, { ...fastConfig, lockDurationMs: 0 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('keys unknown names by hash, never by the typed text', () => {
    expect(unknownNameKey('my secret password')).toMatch(/^name:[0-9a-f]{64}$/);
    expect(accountKey('u1')).toBe('user:u1');
  });

  it('throttles IPv6 per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(ipKey('10.1.2.3')).toBe('ip:10.1.2.3');
    expect(ipKey('::ffff:10.1.2.3')).toBe('ip:10.1.2.3');
    expect(ipKey('2001:db8:0:1::1')).toBe('ip:2001:db8:0:1::/64');
    expect(ipKey('2001:DB8:0000:0001:ffff:1:2:3')).toBe('ip:2001:db8:0:1::/64');
    expect(ipKey('2001:db8::1')).toBe('ip:2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(ipKey('fe80::1%eth0')).toBe('ip:fe80:0:0:0::/64');
  });
});

describe('pruneLoginThrottle', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.db.close());

  it('drops forgotten rows and expired locks, keeping admin-only locks', () => {
    const base = { failures: 1, next_allowed_at: 0 };
    putLoginThrottle(h.db, { key: 'old', ...base, last_failure_at: 1, locked_at: null });
    putLoginThrottle(h.db, { key: 'new', ...base, last_failure_at: 100, locked_at: null });
    putLoginThrottle(h.db, { key: 'locked', ...base, last_failure_at: 1, locked_at: 1 });
    expect(pruneLoginThrottle(h.db, 50, null)).toBe(1);
    expect(getLoginThrottle(h.db, 'locked')).toBeDefined();
    expect(pruneLoginThrottle(h.db, 50, 50)).toBe(1);
    expect(getLoginThrottle(h.db, 'new')).toBeDefined();
  });
});
