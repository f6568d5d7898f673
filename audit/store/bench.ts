import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditStore, openAuditStore } from './store.js';

/** One benchmark figure. */
export interface AppendBenchmark {
  writers: number;
  appends: number;
  seconds: number;
  perSecond: number;
  commits: number;
}

/**
 * Appends `appends` entries with `writers` concurrent writers (each awaiting its own append
 * before the next) to a fresh store under synchronous=FULL, in `dir` (default: the OS temp dir;
 * measure on the appliance's data disk, since fsync cost is the whole point).
 */
export async function benchmarkAppends(options: {
  writers: number;
  appends: number;
  dir?: string;
}): Promise<AppendBenchmark> {
  const dir = mkdtempSync(join(options.dir ?? tmpdir(), 'audit-bench-'));
  let store: AuditStore | undefined;
  try {
    store = openAuditStore(join(dir, 'audit.db'));
    const perWriter = Math.ceil(options.appends / options.writers);
    const draft = { action: 'bench.append', actor: 'user:42', target: 'conversation:7', outcome: 'allow' };
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: options.writers }, async () => {
        for (let i = 0; i < perWriter; i++) await (store as AuditStore).append(draft);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const appends = store.size();
    return {
      writers: options.writers,
      appends,
      seconds,
      perSecond: appends / seconds,
      commits: store.stats().commits,
    };
  } finally {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
