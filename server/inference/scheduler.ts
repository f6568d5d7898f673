import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';

/** A slot held by one request; `release` is idempotent. */
export interface Lease<T> {
  readonly slot: T;
  release(): void;
}

interface Waiter<T> {
  resolve(lease: Lease<T>): void;
  reject(err: unknown): void;
  cleanup(): void;
}

/** Queue limits. */
export interface SchedulerOptions {
  /** Requests allowed to wait when every slot is busy; beyond that, `queue_full`. */
  queueMax: number;
  /** How long a request may wait for a slot before `queue_timeout`. */
  queueTimeoutMs: number;
  clock: Clock;
}

/**
 * Hands out a fixed set of slots (model context sequences) first come, first served, with
 * a bounded wait queue. Overload is answered at once with `queue_full` and a Retry-After
 * estimate instead of letting latency grow without bound.
 */
export class SlotScheduler<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];
  private readonly total: number;
  private serviceMsAvg = 1000;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    slots: readonly T[],
    private readonly opts: SchedulerOptions,
  ) {
    this.free = [...slots];
    this.total = slots.length;
  }

  /** Slots currently leased. */
  get inUse(): number {
    return this.total - this.free.length;
  }

  /** Requests waiting for a slot. */
  get queueDepth(): number {
    return this.waiters.length;
  }

  /** Total slots. */
  get size(): number {
    return this.total;
  }

  /** Waits for a free slot; rejects on a full queue, on timeout, or when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Lease<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(this.lease(slot));
    if (this.waiters.length >= this.opts.queueMax) {
      return Promise.reject(
        new AppError('queue_full', 'The server is busy: every model slot is in use and the queue is full.', {
          details: { retryAfterSeconds: this.retryAfterSeconds() },
        }),
      );
    }
    return new Promise<Lease<T>>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, cleanup: () => {} };
      const cancelTimer = this.opts.clock.setTimeout(() => {
        this.remove(waiter);
        reject(
          new AppError('queue_timeout', 'Timed out waiting for a free model slot.', {
            details: { retryAfterSeconds: this.retryAfterSeconds() },
          }),
        );
      }, this.opts.queueTimeoutMs);
      const onAbort = () => {
        this.remove(waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => {
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
      };
      this.waiters.push(waiter);
    });
  }

  /** True while no slot is leased and nobody waits for one. */
  get idle(): boolean {
    return this.free.length === this.total && this.waiters.length === 0;
  }

  /**
   * Resolves when the scheduler is idle (at once if it is), or after `maxWaitMs` on `clock`,
   * whichever comes first. Background work calls it to give way to foreground requests.
   */
  whenIdle(maxWaitMs: number): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => {
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        cancel();
        const i = this.idleWaiters.indexOf(done);
        if (i >= 0) this.idleWaiters.splice(i, 1);
        resolve();
      };
      const cancel = this.opts.clock.setTimeout(done, maxWaitMs);
      this.idleWaiters.push(done);
    });
  }

  /** A client's estimate of when to retry, from the recent mean service time. */
  retryAfterSeconds(): number {
    const perSlot = (this.waiters.length + 1) / Math.max(1, this.total);
    return Math.max(1, Math.ceil((this.serviceMsAvg * perSlot) / 1000));
  }

  private lease(slot: T): Lease<T> {
    const started = this.opts.clock.now();
    let released = false;
    return {
      slot,
      release: () => {
        if (released) return;
        released = true;
        // Exponential moving average of how long a slot is held, for Retry-After.
        this.serviceMsAvg = 0.8 * this.serviceMsAvg + 0.2 * Math.max(1, this.opts.clock.now() - started);
        const next = this.waiters.shift();
        if (next) {
          next.cleanup();
          next.resolve(this.lease(slot));
        } else {
          this.free.push(slot);
          if (this.idle) for (const wake of this.idleWaiters.splice(0)) wake();
        }
      },
    };
  }

  private remove(waiter: Waiter<T>): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
    waiter.cleanup();
  }
}
