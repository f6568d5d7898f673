/**
 * Chat latency during a large upload (issue 7: ingestion is "bounded in concurrency so that
 * chat latency does not collapse during a large upload"). Run with `npm run bench:ingest
 * [-- --threads 1 --chats 12 --docs 8 --kb 256]`; prints one JSON object.
 *
 * For each ingestion concurrency (1, the default, and 4), a real server in its own process:
 * streamed chat completions (64 tokens) are timed while idle, then while `--docs` Markdown
 * documents of `--kb` KiB each, uploaded at once, are parsed, chunked and embedded in the
 * background; the ratio during/idle is the figure. Chats run one after another, as one user.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchServer, startBenchServer, streamChat } from './http.js';
import { median, percentile, round } from './stats.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    chats: { type: 'string', default: '12' },
    docs: { type: 'string', default: '8' },
    kb: { type: 'string', default: '256' },
  },
});
const threads = Number(values.threads);
const CHATS = Number(values.chats);
const DOCS = Number(values.docs);
const KB = Number(values.kb);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modelsDir = path.resolve(repoRoot, '..', 'shared', 'models');

const WORDS = ['ward', 'patient', 'nurse', 'dose', 'shift', 'chart', 'alarm', 'visit', 'clean', 'record'];
function markdown(seed: number, kib: number): string {
  let s = `# Procedures ${seed}\n\n`;
  let i = seed;
  while (s.length < kib * 1024) {
    if (i % 40 === 0) s += `\n## Section ${i}\n\n`;
    s += `${Array.from({ length: 14 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' ')}.\n\n`;
    i++;
  }
  return s;
}

async function chats(server: BenchServer, n: number, seed0: number) {
  const ms: number[] = [];
  const ttft: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await streamChat(server, {
      model: 'stories260k',
      prompt: 'Once upon a time, there was a little girl named Lily.',
      maxTokens: 64,
      temperature: 0.8,
      seed: seed0 + i,
    });
    ms.push(r.ms);
    if (r.ttftMs !== null) ttft.push(r.ttftMs);
  }
  return { p50: median(ms), p99: percentile(ms, 99), ttftP50: median(ttft) };
}

async function statuses(server: BenchServer, ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`${server.url}/api/documents/${id}`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      return ((await res.json()) as { status: string }).status;
    }),
  );
}

async function measure(concurrency: number) {
  const server = await startBenchServer({
    repoRoot,
    modelsDir,
    threads,
    sequences: 4,
    ingestConcurrency: concurrency,
  });
  try {
    await chats(server, 2, 1); // warm-up
    const idle = await chats(server, CHATS, 100);
    const started = performance.now();
    const ids: string[] = [];
    for (let d = 0; d < DOCS; d++) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(markdown(d * 1000, KB))]), `procedures-${d}.md`);
      const res = await fetch(`${server.url}/api/collections/hospital-handbook/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}` },
        body: form,
      });
      if (res.status !== 202) throw new Error(`upload: HTTP ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const during = await chats(server, CHATS, 200);
    const stillIngesting = (await statuses(server, ids)).filter((s) => s !== 'done').length;
    for (;;) {
      const s = await statuses(server, ids);
      if (s.some((x) => x === 'failed')) throw new Error(`ingestion failed: ${s.join(',')}`);
      if (s.every((x) => x === 'done')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return {
      ingest_concurrency: concurrency,
      chat_idle_ms: { p50: round(idle.p50), p99: round(idle.p99), ttft_p50: round(idle.ttftP50) },
      chat_during_ingest_ms: {
        p50: round(during.p50),
        p99: round(during.p99),
        ttft_p50: round(during.ttftP50),
      },
      p50_ratio_during_over_idle: round(during.p50 / idle.p50, 2),
      documents_still_ingesting_after_chats: stillIngesting,
      ingest_total_s: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    await server.close();
  }
}

const results = [];
for (const c of [1, 4]) results.push(await measure(c));
console.log(
  JSON.stringify({
    bench: 'ingest',
    threads,
    chats: CHATS,
    upload: { documents: DOCS, kib_each: KB },
    results,
    concurrency4_over_1_during_p50: round(
      (results[1]?.chat_during_ingest_ms.p50 ?? Number.NaN) /
        (results[0]?.chat_during_ingest_ms.p50 ?? Number.NaN),
      2,
    ),
  }),
);
