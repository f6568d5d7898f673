/**
 * Tracks in-flight work so that shutdown can stop accepting, let streams finish within a
 * deadline, and then abort what is left.
 */
export class Lifecycle {
  private readonly inflight = new Set<AbortController>();
  private drainingSince: number | undefined;

  /** True once shutdown has begun; new generations are refused. */
  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Number of requests currently generating or waiting. */
  get active(): number {
    return this.inflight.size;
  }

  /** Registers work; the returned function unregisters it. */
  track(controller: AbortController): () => void {
    this.inflight.add(controller);
    return () => this.inflight.delete(controller);
  }

  /** Marks the start of shutdown. */
  beginDrain(now: number): void {
    this.drainingSince ??= now;
  }

  /** Aborts everything still running with `reason`. */
  abortAll(reason: unknown): void {
    for (const c of this.inflight) c.abort(reason);
  }
}
