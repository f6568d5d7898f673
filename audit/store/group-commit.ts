/** One caller waiting for its item to be committed. */
interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Commits a batch in one synchronous transaction and returns, per item and in order, its result
 * or the Error that item alone failed with. Throwing fails the whole batch.
 */
export type BatchCommit<T, R> = (items: T[]) => (R | Error)[];

/**
 * Group commit: items added in the same tick (or within `windowMs`) are committed together, so
 * many concurrent writers share one transaction and one fsync. The commit runs synchronously in
 * a timer callback, so no transaction ever spans an `await`; callers' promises settle only after
 * the commit has returned, i.e. after SQLite has made it durable.
 */
export class GroupCommitter<T, R> {
  #queue: Pending<T, R>[] = [];
  #scheduled = false;
  readonly #commit: BatchCommit<T, R>;
  readonly #windowMs: number;
  readonly #maxBatch: number;

  constructor(commit: BatchCommit<T, R>, options: { windowMs?: number; maxBatch?: number } = {}) {
    this.#commit = commit;
    this.#windowMs = options.windowMs ?? 0;
    this.#maxBatch = options.maxBatch ?? 1000;
  }

  /** Queues `item`; resolves with its result once its batch has committed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Number of items waiting for a commit. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Commits everything queued now, synchronously (used on close). */
  drain(): void {
    while (this.#queue.length > 0) this.#flush();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate runs after the current tick's microtasks, so every append made in response to
    // the same event (or by writers woken by the previous batch) lands in one batch.
    if (this.#windowMs > 0) setTimeout(() => this.#flush(), this.#windowMs);
    else setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) this.#schedule();
    if (batch.length === 0) return;
    let results: (R | Error)[];
    try {
      results = this.#commit(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i] as R | Error;
      if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    });
  }
}
