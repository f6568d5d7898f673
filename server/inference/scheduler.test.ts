import { describe, expect, it } from 'vitest';
import { type Clock, ManualClock } from '../clock.js';
import { AppError } from '../errors.js';
import { type Lease, SlotScheduler } from './scheduler.js';

function make(slots: string[], queueMax = 4, queueTimeoutMs = 1_000) {
  const clock = new ManualClock();
  const scheduler = new SlotScheduler(slots, { queueMax, queueTimeoutMs, clock });
  return { clock, scheduler };
}

/** Lets resolved promises run their `then` callbacks. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('SlotScheduler', () => {
  it('hands out free slots at once and counts them', async () => {
    const { scheduler } = make(['a', 'b']);
    expect(scheduler.size).toBe(2);
    const l1 = await scheduler.acquire();
    const l2 = await scheduler.acquire();
    expect(new Set([l1.slot, l2.slot])).toEqual(new Set(['a', 'b']));
    expect(scheduler.inUse).toBe(2);
    expect(scheduler.queueDepth).toBe(0);
  });

  it('serves waiters first come, first served', async () => {
    const { scheduler } = make(['only']);
    const first = await scheduler.acquire();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      scheduler.acquire().then((lease) => {
        order.push(n);
        return lease;
      }),
    );
    expect(scheduler.queueDepth).toBe(3);
    first.release();
    const l1 = await waiting[0];
    await flush();
    expect(order).toEqual([1]);
    l1?.release();
    const l2 = await waiting[1];
    l2?.release();
    const l3 = await waiting[2];
    expect(order).toEqual([1, 2, 3]);
    expect(l3?.slot).toBe('only');
    expect(scheduler.inUse).toBe(1);
    l3?.release();
    expect(scheduler.inUse).toBe(0);
  });

  it('answers queue_full with a Retry-After estimate when the queue is full', async () => {
    const { scheduler } = make(['s'], 2);
    await scheduler.acquire();
    const waiting = [scheduler.acquire(), scheduler.acquire()];
    const err = await rejection(scheduler.acquire());
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('queue_full');
    expect((err as AppError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger((err as AppError).details.retryAfterSeconds)).toBe(true);
    expect(scheduler.queueDepth).toBe(2); // the refused request did not join the queue
    void waiting;
  });

  it('with queueMax 0 refuses at once when every slot is busy', async () => {
    const { scheduler } = make(['s'], 0);
    await scheduler.acquire();
    expect(((await rejection(scheduler.acquire())) as AppError).code).toBe('queue_full');
  });

  it('times out a waiter with queue_timeout and removes it from the queue', async () => {
    const { clock, scheduler } = make(['s'], 4, 1_000);
    const held = await scheduler.acquire();
    const waiting = scheduler.acquire();
    let settled = false;
    waiting.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    clock.advance(999);
    await flush();
    expect(settled).toBe(false);
    clock.advance(1);
    const err = (await rejection(waiting)) as AppError;
    expect(err.code).toBe('queue_timeout');
    expect(err.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(scheduler.queueDepth).toBe(0);
    held.release();
    expect(scheduler.inUse).toBe(0); // the timed-out waiter did not take the slot
  });

  it('a waiter that got its slot is not timed out later', async () => {
    const { clock, scheduler } = make(['s'], 4, 1_000);
    const held = await scheduler.acquire();
    const waiting = scheduler.acquire();
    held.release();
    const lease = await waiting;
    clock.advance(5_000);
    await flush();
    expect(scheduler.inUse).toBe(1);
    lease.release();
    expect(scheduler.inUse).toBe(0);
  });

  it('cancels the queue timer and abort listener of a waiter that got its slot', async () => {
    const manual = new ManualClock();
    let pending = 0;
    const counting: Clock = {
      now: () => manual.now(),
      setTimeout(fn, ms) {
        pending++;
        const cancel = manual.setTimeout(() => {
          pending--;
          fn();
        }, ms);
        return () => {
          pending--;
          cancel();
        };
      },
    };
    const scheduler = new SlotScheduler(['s'], { queueMax: 4, queueTimeoutMs: 1_000, clock: counting });
    const held = await scheduler.acquire();
    const ac = new AbortController();
    const waiting = scheduler.acquire(ac.signal);
    expect(pending).toBe(1);
    held.release();
    await waiting;
    expect(pending).toBe(0); // no timer left behind to pile up under load
  });

  it('abort while waiting removes the waiter and rejects with the signal reason', async () => {
    const { scheduler } = make(['s']);
    const held = await scheduler.acquire();
    const ac = new AbortController();
    const waiting = scheduler.acquire(ac.signal);
    const other = scheduler.acquire();
    expect(scheduler.queueDepth).toBe(2);
    const reason = new Error('client went away');
    ac.abort(reason);
    expect(await rejection(waiting)).toBe(reason);
    expect(scheduler.queueDepth).toBe(1);
    held.release();
    const next = await other; // the slot skips the aborted waiter
    expect(next.slot).toBe('s');
  });

  it('rejects at once for an already-aborted signal, even with a free slot', async () => {
    const { scheduler } = make(['s']);
    const ac = new AbortController();
    const reason = new Error('already gone');
    ac.abort(reason);
    expect(await rejection(scheduler.acquire(ac.signal))).toBe(reason);
    expect(scheduler.inUse).toBe(0);
    expect(scheduler.queueDepth).toBe(0);
  });

  it('aborting after the slot was granted changes nothing', async () => {
    const { scheduler } = make(['s']);
    const held = await scheduler.acquire();
    const ac = new AbortController();
    const waiting = scheduler.acquire(ac.signal);
    held.release();
    const lease = await waiting;
    ac.abort(new Error('late'));
    expect(scheduler.inUse).toBe(1);
    lease.release();
    expect(scheduler.inUse).toBe(0);
  });

  it('release is idempotent: a double release creates no phantom slot', async () => {
    const { scheduler } = make(['s']);
    const lease = await scheduler.acquire();
    lease.release();
    lease.release();
    expect(scheduler.inUse).toBe(0);
    const a = await scheduler.acquire();
    expect(a.slot).toBe('s');
    const b = scheduler.acquire();
    let gotB = false;
    void b.then(() => {
      gotB = true;
    });
    lease.release(); // stale lease from before: must not free the slot `a` holds
    await flush();
    expect(gotB).toBe(false);
    expect(scheduler.inUse).toBe(1);
    expect(scheduler.queueDepth).toBe(1);
  });

  it('double release while others wait hands the slot to one waiter only', async () => {
    const { scheduler } = make(['s']);
    const held = await scheduler.acquire();
    const granted: Lease<string>[] = [];
    const w1 = scheduler.acquire().then((l) => granted.push(l));
    const w2 = scheduler.acquire().then((l) => granted.push(l));
    held.release();
    held.release();
    await w1;
    await flush();
    expect(granted).toHaveLength(1);
    expect(scheduler.queueDepth).toBe(1);
    granted[0]?.release();
    await w2;
    expect(granted).toHaveLength(2);
  });

  it('returns to zero in use after many acquire/abort/timeout cycles', async () => {
    const { clock, scheduler } = make(['a', 'b'], 8, 100);
    for (let round = 0; round < 50; round++) {
      const leases = [await scheduler.acquire(), await scheduler.acquire()];
      const ac = new AbortController();
      const aborted = scheduler.acquire(ac.signal);
      const timed = scheduler.acquire();
      const served = scheduler.acquire();
      ac.abort(new Error('bye'));
      await rejection(aborted);
      clock.advance(100); // `timed` and `served` both time out
      await rejection(timed);
      await rejection(served);
      const waiter = scheduler.acquire();
      for (const l of leases) l.release();
      (await waiter).release();
    }
    expect(scheduler.inUse).toBe(0);
    expect(scheduler.queueDepth).toBe(0);
  });

  it('whenIdle: at once when idle; else when the last slot is free and nobody waits', async () => {
    const { scheduler } = make(['a', 'b']);
    let woke = false;
    await scheduler.whenIdle(10_000);
    const l1 = await scheduler.acquire();
    const l2 = await scheduler.acquire();
    const waiter = scheduler.acquire();
    const idle = scheduler.whenIdle(10_000).then(() => {
      woke = true;
    });
    l1.release(); // handed to the waiter: still busy
    const l3 = await waiter;
    await flush();
    expect(woke).toBe(false);
    l2.release();
    await flush();
    expect(woke).toBe(false); // l3 still holds a slot
    l3.release();
    await idle;
    expect(woke).toBe(true);
    expect(scheduler.idle).toBe(true);
  });

  it('whenIdle gives up after maxWaitMs on the clock (background work is not starved)', async () => {
    const { scheduler, clock } = make(['a']);
    const lease = await scheduler.acquire();
    let woke = false;
    const idle = scheduler.whenIdle(2_000).then(() => {
      woke = true;
    });
    clock.advance(1_999);
    await flush();
    expect(woke).toBe(false);
    clock.advance(1);
    await idle;
    expect(woke).toBe(true);
    // Its wake-up was removed: releasing later does not call it twice or throw.
    lease.release();
    expect(scheduler.idle).toBe(true);
  });
});
