import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore } from './store.js';
import { tempDir } from './test-support/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const APPENDER = new URL('./test-support/appender.ts', import.meta.url).pathname;
const ROUNDS = 20;

/** Runs the appender until SIGKILL at a random moment; returns the seqs it acknowledged. */
function runAndKill(file: string, round: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const kill = () => child.kill('SIGKILL');
    // Every fourth round dies during start-up (opening, maybe migrating); the rest mid-stream.
    if (round % 4 === 0) setTimeout(kill, Math.random() * 400);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (out === '' && chunk.startsWith('ready\n') && round % 4 !== 0)
        setTimeout(kill, 5 + Math.random() * 120);
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    const guard = setTimeout(kill, 5000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return reject(new Error(`appender exited with ${code}: ${err}`));
      // Only complete lines count: a line cut by the kill was not (fully) acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l !== 'ready').map(Number));
    });
  });
}

describe('audit store: crash safety', () => {
  it(`keeps every acknowledged append and stays verifiable across ${ROUNDS} SIGKILLs`, async () => {
    const file = tmp.path('crash.db');
    const acked = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const seq of await runAndKill(file, round)) acked.add(seq);
      const store = openAuditStore(file);
      try {
        const result = store.verifyIntegrity();
        expect(result, `round ${round}`).toMatchObject({ ok: true });
        for (const seq of acked) expect(store.get(seq), `round ${round}, seq ${seq}`).toBeDefined();
        expect(store.size()).toBeGreaterThanOrEqual(acked.size);
      } finally {
        store.close();
      }
    }
    expect(acked.size).toBeGreaterThan(100);
  }, 45_000);
});
