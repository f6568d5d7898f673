import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Reads a file or returns undefined; injectable so tests can fake /proc and /sys. */
export type FileReader = (file: string) => string | undefined;

const readIfPresent: FileReader = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Where the CPU limit came from, reported in /readyz. */
export interface CpuBudget {
  cpus: number;
  affinity: number;
  cgroupQuota: number | undefined;
}

/**
 * CPUs this process may really use: the scheduler affinity mask (libuv's
 * `availableParallelism` honours sched_getaffinity) capped by a cgroup CPU quota,
 * v2 `cpu.max` or v1 `cpu.cfs_quota_us`/`cpu.cfs_period_us`, rounded up.
 * `os.cpus().length` alone counts the host's CPUs, which oversubscribes containers.
 */
export function cpuBudget(
  read: FileReader = readIfPresent,
  affinity: number = availableParallelism(),
): CpuBudget {
  const quota = cgroupQuota(read);
  const cpus = Math.max(1, Math.min(affinity, quota ?? Number.POSITIVE_INFINITY));
  return { cpus, affinity, cgroupQuota: quota };
}

function cgroupQuota(read: FileReader): number | undefined {
  const membership = read('/proc/self/cgroup') ?? '';
  const quotas: number[] = [];
  for (const line of membership.split('\n')) {
    const [, controllers, cgPath] = line.split(':');
    if (controllers === undefined || cgPath === undefined) continue;
    if (controllers === '') {
      // cgroup v2: every ancestor can impose its own cpu.max; the tightest wins.
      for (const dir of ancestors(path.posix.join('/sys/fs/cgroup', cgPath))) {
        const q = parseV2(read(path.posix.join(dir, 'cpu.max')));
        if (q !== undefined) quotas.push(q);
      }
    } else if (controllers.split(',').includes('cpu')) {
      for (const base of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
        const q = parseV1(
          read(path.posix.join(base, cgPath, 'cpu.cfs_quota_us')),
          read(path.posix.join(base, cgPath, 'cpu.cfs_period_us')),
        );
        if (q !== undefined) quotas.push(q);
        const root = parseV1(
          read(path.posix.join(base, 'cpu.cfs_quota_us')),
          read(path.posix.join(base, 'cpu.cfs_period_us')),
        );
        if (root !== undefined) quotas.push(root);
      }
    }
  }
  return quotas.length ? Math.min(...quotas) : undefined;
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let current = path.posix.normalize(dir);
  while (current.startsWith('/sys/fs/cgroup')) {
    out.push(current);
    if (current === '/sys/fs/cgroup') break;
    current = path.posix.dirname(current);
  }
  return out;
}

function parseV2(text: string | undefined): number | undefined {
  const [quota, period] = (text ?? '').trim().split(/\s+/);
  if (!quota || quota === 'max') return undefined;
  return ratio(Number(quota), Number(period ?? 100000));
}

function parseV1(quotaText: string | undefined, periodText: string | undefined): number | undefined {
  if (quotaText === undefined || periodText === undefined) return undefined;
  const quota = Number(quotaText.trim());
  if (!(quota > 0)) return undefined; // -1 means unlimited
  return ratio(quota, Number(periodText.trim()));
}

function ratio(quota: number, period: number): number | undefined {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return undefined;
  return Math.max(1, Math.ceil(quota / period));
}

/**
 * Threads for inference: the configured number, never more than the CPU budget.
 * Oversubscribing is catastrophic for llama.cpp's spinning workers (measured: 64 tokens
 * take 45 ms at 1 thread on a 2-core machine and about 60 s at 4). `auto` leaves one CPU
 * to the event loop, SQLite and HTTP when there is more than one, since a llama worker
 * spinning on the server's core stalls both.
 */
export function resolveThreads(configured: number | 'auto', budget: CpuBudget): number {
  if (configured === 'auto') return Math.max(1, budget.cpus - 1);
  return Math.max(1, Math.min(configured, budget.cpus));
}
