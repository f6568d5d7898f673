// Child process for the multi-writer test: prints "ready", waits for a line on stdin, then
// appends `count` entries tagged `tag`, pausing 1 ms after each so that the two processes take
// turns at the write lock, and prints "done".
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAuditStore } from '../store.js';

const [file, count, tag] = process.argv.slice(2);
if (!file || !count || !tag) throw new TypeError('usage: writer.ts <file> <count> <tag>');
const store = openAuditStore(file);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.destroy();
for (let i = 0; i < Number(count); i++) {
  await store.append({ by: tag, i });
  await sleep(1);
}
store.close();
process.stdout.write('done\n');
