/**
 * Audit-log benchmark (partial: export of 1,000,000 entries is not measured yet). Prints JSON:
 * appends/s with 1 and 32 writers under synchronous=FULL, integrity verification speed, and
 * inclusion-proof time at the largest size measured. `--entries N` sizes the verification
 * log (default 100,000; the 1,000,000 works but takes minutes on this machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyInclusion } from '../../audit/index.js';
import { benchmarkAppends, openAuditStore } from '../../audit/store/index.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' } } });
const entries = Number(values.entries);
const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-audit-'));

try {
  const single = await benchmarkAppends({ writers: 1, appends: 2_000, dir });
  const grouped = await benchmarkAppends({ writers: 32, appends: 64_000, dir });

  // A larger log, written in big batches (group commit) to keep set-up time down.
  const store = openAuditStore(path.join(dir, 'verify.db'));
  const draft = { action: 'chat.request', actor: 'a'.repeat(64), object: { type: 'conversation', id: 'c' } };
  for (let done = 0; done < entries; done += 1_000) {
    await Promise.all(Array.from({ length: Math.min(1_000, entries - done) }, () => store.append(draft)));
  }
  const v0 = process.hrtime.bigint();
  const integrity = store.verifyIntegrity();
  const verifySeconds = Number(process.hrtime.bigint() - v0) / 1e9;

  const index = Math.floor(entries / 2);
  const p0 = process.hrtime.bigint();
  const proof = store.inclusionProof(index, entries);
  const proofMs = Number(process.hrtime.bigint() - p0) / 1e6;
  verifyInclusion(index, entries, store.leafHashAt(index), proof, store.root());
  store.close();

  const round = (x: number) => Math.round(x * 10) / 10;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'audit',
        node: process.version,
        appends_per_s: {
          single_writer: round(single.perSecond),
          writers_32: round(grouped.perSecond),
          commits_32: grouped.commits,
          targets: { single_writer: 1_000, writers_32: 20_000 },
        },
        verify: {
          entries,
          ok: integrity.ok,
          seconds: round(verifySeconds),
          entries_per_s: Math.round(entries / verifySeconds),
          target_entries_per_s: 200_000,
        },
        inclusion_proof: { size: entries, ms: round(proofMs), target_ms_at_1m: 1 },
        not_measured: ['export and verification of 1,000,000 entries'],
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
