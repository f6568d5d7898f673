import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';

describe('systemClock.setTimeout', () => {
  it('does not fire a delay above 2^31 − 1 ms early (Node would fire it after 1 ms)', async () => {
    // Regression found by bench:ingest: a one-year queue timeout fired at once.
    let fired = false;
    const cancel = systemClock.setTimeout(() => {
      fired = true;
    }, 365 * 86_400_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(false);
    cancel();
  });

  it('fires a short delay', async () => {
    const fired = await new Promise<boolean>((resolve) => {
      systemClock.setTimeout(() => resolve(true), 5);
    });
    expect(fired).toBe(true);
  });
});
