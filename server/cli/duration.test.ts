import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 15 * 60_000],
    ['12h', 12 * 3_600_000],
    ['30d', 30 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1s', 1_000],
    ['999999s', 999_999_000],
    [' 30d\n', 30 * 86_400_000],
    ['007d', 7 * 86_400_000],
  ])('parses %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['zero', '0d'],
    ['no unit', '30'],
    ['unknown unit', '3x'],
    ['years', '1y'],
    ['uppercase unit', '30D'],
    ['space inside', '30 d'],
    ['negative', '-1d'],
    ['fraction', '1.5h'],
    ['exponent', '1e3s'],
    ['seven digits', '1000000s'],
    ['two units', '1h30m'],
    ['empty', ''],
    ['unit only', 'd'],
    ['hex', '0x10s'],
    ['full-width digits', '３０d'],
  ])('rejects %s (%j)', (_why, text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('keeps the largest accepted durations within the range of a Date', () => {
    const now = Date.UTC(2026, 0, 1);
    for (const text of ['999999w', '999999d']) {
      const ms = parseDuration(text);
      expect(ms).toBeGreaterThan(0);
      expect(Number.isSafeInteger(ms)).toBe(true);
      expect(Number.isNaN(new Date(now + (ms as number)).getTime())).toBe(false);
    }
  });
});
