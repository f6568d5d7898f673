/**
 * Policy engine benchmark. Run with `npm run bench:policy [-- --iterations N]`; prints one JSON
 * object:
 *   - decision latency (p50/p99, nanoseconds, each call timed on its own) for a subject with 10
 *     roles in a generated bundle with 1,000 collection grants: a permission-only check and a
 *     collection check whose grant has a department condition (target p50 ≤ 5 µs);
 *   - load + validation + compile time of the default bundle in policies/ (median of N).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  decide,
  loadBundle,
  type PolicyBundle,
  type ResourceRef,
  type Subject,
} from '../../server/policy/index.js';
import { median, percentile, round } from './stats.js';

const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '200000' }, loads: { type: 'string', default: '50' } },
});
const iterations = Number(values.iterations);
const loads = Number(values.loads);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET_P50_NS = 5000;

/** 12 roles (an inheritance chain), 10 of them mapped from the subject's groups, 1,000 collections. */
function generatedBundle(): { bundle: PolicyBundle; dir: string } {
  const lines = ['roles:'];
  for (let r = 0; r < 12; r++) {
    lines.push(`  role${r}:`);
    if (r > 0) lines.push(`    inherits: [role${r - 1}]`);
    // role9, the last of the subject's roles in name order, is the only one with audit:read.
    lines.push(
      `    permissions: [${r === 0 ? 'chat:use, collection:read' : r === 9 ? 'audit:read' : 'model:read'}]`,
    );
  }
  lines.push('groups:');
  for (let g = 0; g < 10; g++) lines.push(`  group${g}: [role${g}]`);
  lines.push('collections:');
  for (let c = 0; c < 1000; c++) {
    lines.push(`  coll${c}:`, `    attributes: { department: dept${c % 20} }`, '    grants:');
    lines.push(`      - role: role${c % 10}`, '        access: read', '        when:');
    lines.push('          - { subject: department, equals: { resource: department } }');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-policy-'));
  writeFileSync(path.join(dir, 'rbac.yaml'), `${lines.join('\n')}\n`);
  mkdirSync(path.join(dir, 'tests'));
  return { bundle: loadBundle(dir), dir };
}

function timeCalls(fn: () => boolean): { p50_ns: number; p99_ns: number; allowed: boolean } {
  let allowed = false;
  for (let i = 0; i < 20_000; i++) allowed = fn(); // warm-up (JIT)
  const samples = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    allowed = fn();
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return { p50_ns: percentile(samples, 50), p99_ns: percentile(samples, 99), allowed };
}

const { bundle, dir } = generatedBundle();
try {
  const subject: Subject = {
    id: 'u1',
    username: 'bench-user',
    groups: Array.from({ length: 10 }, (_, g) => `group${g}`),
    attributes: { department: 'dept10' },
  };
  const collection: ResourceRef = { type: 'collection', id: 'coll510' }; // role0 grant, dept10
  const rolesOfSubject = decide(bundle, subject, 'chat:use').roles.length;
  const timerOverhead = timeCalls(() => true);
  const permissionOnly = timeCalls(() => decide(bundle, subject, 'audit:read').allow);
  const collectionCheck = timeCalls(() => decide(bundle, subject, 'collection:read', collection).allow);
  const denied = timeCalls(
    () => decide(bundle, subject, 'collection:read', { type: 'collection', id: 'coll511' }).allow,
  );

  const defaultDir = path.join(repoRoot, 'policies');
  const loadMs: number[] = [];
  for (let i = 0; i < loads; i++) {
    const t0 = performance.now();
    loadBundle(defaultDir);
    loadMs.push(performance.now() - t0);
  }
  const t0 = performance.now();
  loadBundle(dir);
  const generatedLoadMs = performance.now() - t0;

  console.log(
    JSON.stringify(
      {
        node: process.version,
        iterations,
        subject_roles: rolesOfSubject,
        collection_grants: bundle.rbac.collections.size,
        timer_overhead_ns: timerOverhead,
        decide_permission_only_ns: permissionOnly,
        decide_collection_with_condition_ns: collectionCheck,
        decide_collection_denied_by_condition_ns: denied,
        target_p50_ns: TARGET_P50_NS,
        meets_target: permissionOnly.p50_ns <= TARGET_P50_NS && collectionCheck.p50_ns <= TARGET_P50_NS,
        load_default_bundle_ms: {
          median: round(median(loadMs), 2),
          min: round(Math.min(...loadMs), 2),
          runs: loads,
        },
        load_generated_bundle_ms: round(generatedLoadMs, 1),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
