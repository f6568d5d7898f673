/**
 * Injectable time. Timeouts, expiries and retention read the clock through this interface
 * so that tests can advance time without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(fn: () => void, ms: number) {
    // Node fires a delay above 2^31 − 1 ms (24.8 days) after 1 ms instead: clamp, never early.
    const handle = setTimeout(fn, Math.min(ms, MAX_TIMER_MS));
    // Timers must never keep a shutting-down process alive.
    handle.unref();
    return () => clearTimeout(handle);
  },
});

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.current + Math.max(0, ms), fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.current = due.at;
      due.fn();
    }
    this.current = target;
  }
}
