/** Ceiling for one wait between attempts, whatever the base and the attempt count. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/** Delay before retry `n` (1-based): base, 2×base, 4×base, … capped at {@link MAX_BACKOFF_MS}. */
export function backoffDelay(baseMs: number, n: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (n - 1));
}

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Only transient failures are retried; anything else is thrown at once. */
  isTransient: (err: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; err: unknown }) => void;
}

/** Runs `fn` up to `attempts` times with exponential back-off; throws the last failure. */
export async function retryWithBackoff<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || !opts.isTransient(err)) throw err;
      const delayMs = backoffDelay(opts.baseMs, attempt);
      opts.onRetry?.({ attempt, delayMs, err });
      await opts.sleep(delayMs);
    }
  }
}
