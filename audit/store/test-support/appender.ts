// Child process for the crash-safety test: appends forever with several concurrent writers (so
// group commit is exercised) and prints each seq only after its append has resolved, i.e. after
// the commit. Linux writes to a pipe synchronously, so a printed seq was acknowledged.
import { openAuditStore } from '../store.js';

const file = process.argv[2];
if (!file) throw new TypeError('usage: appender.ts <file>');
const store = openAuditStore(file);
const WRITERS = 8;

async function writer(w: number): Promise<void> {
  for (let i = 0; ; i++) {
    const { seq } = await store.append({ action: 'crash.test', writer: w, i });
    process.stdout.write(`${seq}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
