/**
 * PII engine benchmark. Run with `npm run bench:pii [-- --mb 10 --runs 3 --prompts 2000]`;
 * prints one JSON object with, side by side:
 *   - throughput in MB/s (UTF-8 megabytes, 10^6) over ~10 MB of mixed text
 *     (server/pii/test-support/mixedText.ts): structured recognizers alone, and all recognizers
 *     (structured + contextual from server/pii/contextual.ts + the default policy's custom ones);
 *     best of `runs` runs each. `mb_per_cpu_s` divides by the process's CPU time (one core's
 *     work: the engine is single-threaded), `mb_per_s` by wall time; they differ when other
 *     processes compete for the cores;
 *   - added latency for a 2 KB prompt (analysis + the prompt boundary's masking with an
 *     in-memory vault): p50 and p99 over `prompts` calls after a warm-up, each call timed alone,
 *     in wall time and in CPU time.
 * Targets (issue 6): ≥ 20 MB/s structured, ≥ 3 MB/s with names and places, p99 ≤ 2 ms.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Analyzer } from '../../server/pii/analyzer.js';
import { defaultContextualRecognizers } from '../../server/pii/contextual.js';
import { createPiiEngine } from '../../server/pii/engine.js';
import { MemoryVault } from '../../server/pii/operators/vault.js';
import { mixedText, prompt2kb } from '../../server/pii/test-support/mixedText.js';
import { loadBundle } from '../../server/policy/load.js';
import { percentile, round } from './stats.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    prompts: { type: 'string', default: '2000' },
  },
});
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const config = loadBundle(path.join(repoRoot, 'policies')).pii;
const contextual = defaultContextualRecognizers(config);

const text = mixedText(Number(values.mb) * 1e6);
const megabytes = Buffer.byteLength(text, 'utf8') / 1e6;

/** CPU time (user + system) of this process in milliseconds. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function throughput(analyzer: Analyzer) {
  analyzer.analyze(text.slice(0, 1_000_000)); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  let findings = 0;
  for (let i = 0; i < Number(values.runs); i++) {
    const [t0, c0] = [performance.now(), cpuMs()];
    findings = analyzer.analyze(text).length;
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const [wallMs, cpuBest] = [Math.min(...wall), Math.min(...cpu)];
  return {
    mb_per_cpu_s: round(megabytes / (cpuBest / 1000), 1),
    mb_per_s: round(megabytes / (wallMs / 1000), 1),
    cpu_ms: round(cpuBest, 0),
    wall_ms: round(wallMs, 0),
    findings,
  };
}

function promptLatency(withContextual: boolean) {
  const engine = createPiiEngine(config, { contextual: withContextual ? contextual : [] });
  const prompt = prompt2kb();
  const call = () => engine.mask(prompt, 'prompt', { vault: new MemoryVault() });
  for (let i = 0; i < 300; i++) call(); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  let findings = 0;
  for (let i = 0; i < Number(values.prompts); i++) {
    const c0 = cpuMs();
    const t0 = process.hrtime.bigint();
    findings = call().findings.length;
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push(cpuMs() - c0);
  }
  return {
    p50_ms: round(percentile(wall, 50), 3),
    p99_ms: round(percentile(wall, 99), 3),
    cpu_p50_ms: round(percentile(cpu, 50), 3),
    cpu_p99_ms: round(percentile(cpu, 99), 3),
    findings,
  };
}

const structured = throughput(new Analyzer(config));
const all = throughput(new Analyzer(config, { contextual }));
console.log(
  JSON.stringify(
    {
      node: process.version,
      input: { megabytes: round(megabytes, 2), utf16_units: text.length, prompt_bytes: prompt2kb().length },
      load_average: os.loadavg().map((l) => round(l, 1)),
      contextual_recognizers: contextual.map((r) => r.name),
      custom_recognizers: config.custom.map((r) => r.name),
      throughput_structured: structured,
      throughput_all: all,
      prompt_2kb_structured: promptLatency(false),
      prompt_2kb_all: promptLatency(true),
      targets: { structured_mb_per_s: 20, all_mb_per_s: 3, prompt_p99_ms: 2 },
    },
    null,
    2,
  ),
);
