/**
 * Audit-log benchmark (issue 5). Prints JSON: appends/s with 1 and 32 writers under
 * synchronous=FULL; for a log of `--entries` entries (default 1,000,000): build time,
 * verifyIntegrity entries/s, inclusion- and consistency-proof times over 1,000 random points
 * (p50, p99, max, after 20 warm-up proofs; every proof is verified, outside the timing), and a compliance export of the whole log plus its
 * offline check: `node verify.mjs` run in the extracted bundle, as an auditor would.
 * `--skip-export` leaves out the last part; `--dir` puts the files on another disk (fsync cost
 * is the point of the append figures: measure on the appliance's data disk).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ed25519Signer, generateNoteKey, verifyConsistency, verifyInclusion } from '../../audit/index.js';
import { benchmarkAppends, openAuditStore } from '../../audit/store/index.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    'skip-export': { type: 'boolean', default: false },
  },
});
const entries = Number(values.entries);
if (!Number.isSafeInteger(entries) || entries < 2) throw new TypeError('--entries must be an integer >= 2');
const dir = mkdtempSync(path.join(values.dir ?? tmpdir(), 'parley-bench-audit-'));

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
/** Deterministic indices, so that runs are comparable. */
let seed = 42;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
function percentiles(ms: number[]): { p50: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { p50: round(at(0.5), 3), p99: round(at(0.99), 3), max: round(s[s.length - 1] as number, 3) };
}

try {
  const single = await benchmarkAppends({ writers: 1, appends: 2_000, dir });
  const grouped = await benchmarkAppends({ writers: 32, appends: 64_000, dir });

  // The large log, written in big group-commit batches to keep set-up time down.
  const ORIGIN = 'bench.parley.local/audit';
  const key = generateNoteKey(ORIGIN);
  const signer = { origin: ORIGIN, key: ed25519Signer(ORIGIN, key.privateKeyPem) };
  const store = openAuditStore(path.join(dir, 'log.db'), { groupCommit: { maxBatch: 10_000 } });
  /** Trusted roots (the store's frontier) at each batch boundary, to verify consistency proofs. */
  const roots = new Map<number, Buffer>();
  const b0 = process.hrtime.bigint();
  for (let done = 0; done < entries; done += 10_000) {
    if (done > 0) roots.set(done, store.root());
    await Promise.all(
      Array.from({ length: Math.min(10_000, entries - done) }, (_, i) =>
        store.append({
          action: 'chat.request',
          actor: 'a1'.repeat(32),
          actor_type: 'user',
          object: { type: 'conversation', id: `c-${done + i}` },
          outcome: 'success',
          request_id: `req-${(done + i).toString(16).padStart(8, '0')}`,
          roles: ['clinician'],
        }),
      ),
    );
  }
  const buildSeconds = seconds(b0);

  const v0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const integrity = store.verifyIntegrity();
  const verifySeconds = seconds(v0);
  // CPU time too: on a shared machine wall time also measures the neighbours.
  const cpu = process.cpuUsage(c0);
  const verifyCpuSeconds = (cpu.user + cpu.system) / 1e6;

  const root = store.root();
  /** Times `sample().make()` 1,000 times after 20 warm-ups; checks every proof it made. */
  const timeProofs = (sample: () => { ms: number; check(): void }): number[] => {
    for (let k = 0; k < 20; k++) sample();
    return Array.from({ length: 1_000 }, () => {
      const s = sample();
      s.check();
      return s.ms;
    });
  };
  const inclusion = timeProofs(() => {
    const index = random(entries);
    const t = process.hrtime.bigint();
    const proof = store.inclusionProof(index, entries);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    return { ms, check: () => verifyInclusion(index, entries, store.leafHashAt(index), proof, root) };
  });
  const sizes = [...roots.keys()];
  const consistency =
    sizes.length === 0
      ? []
      : timeProofs(() => {
          const m = sizes[random(sizes.length)] as number;
          const t = process.hrtime.bigint();
          const proof = store.consistencyProof(m, entries);
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          return { ms, check: () => verifyConsistency(m, entries, roots.get(m) as Buffer, root, proof) };
        });

  let exported: Record<string, unknown> = { skipped: true };
  if (!values['skip-export']) exported = await exportAndVerify();

  store.close();
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
        log: {
          entries,
          build_seconds: round(buildSeconds),
          build_entries_per_s: Math.round(entries / buildSeconds),
        },
        verify: {
          ok: integrity.ok,
          seconds: round(verifySeconds, 2),
          entries_per_s: Math.round(entries / verifySeconds),
          cpu_seconds: round(verifyCpuSeconds, 2),
          entries_per_cpu_s: Math.round(entries / verifyCpuSeconds),
          target_entries_per_s: 200_000,
        },
        inclusion_proof_ms: {
          size: entries,
          samples: inclusion.length,
          ...percentiles(inclusion),
          target: 1,
        },
        consistency_proof_ms:
          consistency.length === 0
            ? 'needs more than 10,000 entries'
            : { size: entries, samples: consistency.length, ...percentiles(consistency) },
        export: exported,
      },
      null,
      2,
    )}\n`,
  );

  async function exportAndVerify(): Promise<Record<string, unknown>> {
    // Loaded lazily: the export module is optional for the rest of the benchmark.
    const { exportBundle } = await import('../../audit/export/index.js');
    const outFile = path.join(dir, 'export.tar');
    const e0 = process.hrtime.bigint();
    const result = await exportBundle(store, { signer, vkey: key.vkey, outFile });
    const exportSeconds = seconds(e0);
    const bundle = path.join(dir, 'bundle');
    mkdirSync(bundle);
    const x0 = process.hrtime.bigint();
    const tar = spawnSync('tar', ['-xf', outFile, '-C', bundle], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    const extractSeconds = seconds(x0);
    // As an auditor would run it: in the bundle, nothing on PATH but node, no node_modules.
    const r0 = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['verify.mjs', '--trusted-key', key.vkey], {
      cwd: bundle,
      env: { PATH: path.dirname(process.execPath) },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const verifySeconds = seconds(r0);
    const out = `${run.stdout}${run.stderr}`;
    return {
      entries: result.to - result.from,
      tar_bytes: statSync(outFile).size,
      export_seconds: round(exportSeconds, 2),
      extract_seconds: round(extractSeconds, 2),
      verify_mjs: {
        exit_code: run.status,
        seconds: round(verifySeconds, 2),
        entries_per_s: Math.round((result.to - result.from) / verifySeconds),
        summary: /^\d+\/\d+ entries valid$/m.exec(out)?.[0] ?? out.slice(-500),
      },
    };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
