/** One generation as a benchmark sees it, whichever path produced it. */
export interface RunResult {
  /** Completion tokens (node-llama-cpp's `onToken` in-process, `usage.completion_tokens` over HTTP). */
  tokens: number;
  /** Wall time from the call (or the request) until the generation was complete. */
  ms: number;
  /** From the call until the first non-empty text; null when none came. */
  ttftMs: number | null;
  finishReason: 'stop' | 'length' | 'error';
  text: string;
}

/** Median of a list; NaN when empty (mean of the two middle values for even lengths). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile (`p` in 0..100); NaN when empty. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] as number;
}

/** Rounds for printing; keeps JSON short without hiding the ratio's second digit. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Tokens per second of one run. */
export function tokensPerSecond(r: Pick<RunResult, 'tokens' | 'ms'>): number {
  return r.ms > 0 ? (r.tokens * 1000) / r.ms : 0;
}

/** How busy the process was while something ran. */
export interface Load {
  /** Share of the wall time the main JS thread (event loop) was busy, 0..1. */
  elu: number;
  /** CPU time of the whole process (all threads) over wall time; up to the CPU count. */
  cpuShare: number;
  /** Process CPU time in milliseconds. */
  cpuMs: number;
}

/**
 * Runs `fn` and reports the event loop's utilisation and the process's CPU time meanwhile.
 * Both paths share one JS thread with node-llama-cpp's per-token work, so a utilisation near
 * 1 says the JS thread, not the native decode, bounds the rate.
 */
export async function underLoad<T>(fn: () => Promise<T>): Promise<{ value: T; load: Load }> {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  return { value, load: { elu, cpuShare: wallMs > 0 ? cpuMs / wallMs : 0, cpuMs } };
}

/** Medians of the load figures over several measurements of one path or level. */
export function summarizeLoad(loads: readonly { load: Load; tokens: number }[]) {
  return {
    event_loop_utilization: round(median(loads.map((l) => l.load.elu)), 2),
    process_cpu_share: round(median(loads.map((l) => l.load.cpuShare)), 2),
    cpu_us_per_token: round(median(loads.map((l) => (l.load.cpuMs * 1000) / l.tokens))),
  };
}

/** Median, p95 and max of a sample, for latencies such as time to first token. */
export function spread(xs: readonly number[]) {
  return {
    median: round(median(xs)),
    p95: round(percentile(xs, 95)),
    max: round(Math.max(...xs)),
    n: xs.length,
  };
}
