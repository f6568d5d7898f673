/**
 * Inference benchmark: what the HTTP server costs on top of node-llama-cpp, and what
 * parallel sequences buy. Run with `npm run bench:inference [-- --threads N --rounds N]`;
 * prints one JSON object. Both paths use the same model, thread count, prompt, chat wrapper
 * and seeds, and are measured in the same run, interleaved, so that the machine's noise
 * hits both sides of every ratio.
 *
 *   (a) in-process node-llama-cpp, 256 tokens;
 *   (b) the same through streaming `POST /v1/chat/completions` on loopback;
 *   (c) aggregate tokens/s with 1, 4 and 8 concurrent streams (server has 4 sequences);
 *   (d) time to first token at each concurrency.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDirect } from './direct.js';
import { type ClientKind, startBenchServer, streamChat } from './http.js';
import {
  type Load,
  median,
  type RunResult,
  round,
  spread,
  summarizeLoad,
  tokensPerSecond,
  underLoad,
} from './stats.js';

const MODEL_ID = 'stories260k';
const MODEL_FILE = 'stories260K.gguf';
const CONTEXT_SIZE = 512; // the catalog's contextSize for this model
const MAX_TOKENS = 256;
// Sampled, not greedy: the tiny model then runs to max_tokens instead of stopping early, and
// concurrent streams (different seeds) do not write identical text.
const TEMPERATURE = 0.8;
const PROMPT = 'Once upon a time, there was a little girl named Lily.';
const SEQUENCES = 4;
const CONCURRENCY = [1, 4, 8] as const;
const TARGETS = { b_over_a: 0.9, aggregate4_over_single: 2.0 };

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    // `node-http` is a lighter client than fetch, to show how much of (b)'s cost is the client.
    client: { type: 'string', default: 'fetch' },
  },
});
if (values.client !== 'fetch' && values.client !== 'node-http') {
  throw new Error(`--client must be fetch or node-http, got ${values.client}`);
}
const client: ClientKind = values.client;
const threads = positiveInt(values.threads, '--threads');
const rounds = positiveInt(values.rounds, '--rounds');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modelsDir = path.resolve(repoRoot, '..', 'shared', 'models');

// Server first: loading a model in a second Llama instance while another exists prints
// llama.cpp's load warnings to stdout (the log callback is shared), which would corrupt the JSON.
const server = await startBenchServer({ repoRoot, modelsDir, threads, sequences: SEQUENCES });
const direct = await openDirect({
  modelPath: path.join(modelsDir, MODEL_FILE),
  threads,
  contextSize: CONTEXT_SIZE,
});
// Reference only (no target): the same 4-way concurrency in-process, to show how much of
// the aggregate's limit is node-llama-cpp/llama.cpp rather than the server.
const directMulti = await openDirect({
  modelPath: path.join(modelsDir, MODEL_FILE),
  threads,
  contextSize: CONTEXT_SIZE,
  sequences: SEQUENCES,
});
const gen = { model: MODEL_ID, prompt: PROMPT, maxTokens: MAX_TOKENS, temperature: TEMPERATURE };
const runA = (seed: number) => direct.run(PROMPT, { maxTokens: MAX_TOKENS, temperature: TEMPERATURE, seed });
const runB = (seed: number) => streamChat(server, { ...gen, seed }, client);

/** N streams started together; aggregate rate is all tokens over the wall time of the burst. */
async function burst(n: number, seedBase: number, runOne = (seed: number, _i: number) => runB(seed)) {
  const started = performance.now();
  const { value: runs, load } = await underLoad(() =>
    Promise.all(Array.from({ length: n }, (_, i) => runOne(seedBase + i, i))),
  );
  const wallMs = performance.now() - started;
  const tokens = runs.reduce((sum, r) => sum + r.tokens, 0);
  return { runs, load, tokens, aggregate: (tokens * 1000) / wallMs };
}

const all: RunResult[] = [];
const short: { path: string; round: number; tokens: number; finish_reason: string }[] = [];
const record = (pathName: string, round: number, r: RunResult) => {
  all.push(r);
  if (r.tokens !== MAX_TOKENS || r.finishReason !== 'length') {
    short.push({ path: pathName, round, tokens: r.tokens, finish_reason: r.finishReason });
  }
  return r;
};

try {
  // Warm-up, not recorded: first decodes allocate buffers, and each sequence's first use too.
  await runA(1);
  await runB(1);
  await burst(SEQUENCES, 1);
  const runMulti = (seed: number, i: number) =>
    directMulti.run(PROMPT, { maxTokens: MAX_TOKENS, temperature: TEMPERATURE, seed }, i);
  await burst(SEQUENCES, 1, runMulti);
  const inProcessAgg: number[] = [];

  const a: RunResult[] = [];
  const b: RunResult[] = [];
  const aLoad: { load: Load; tokens: number }[] = [];
  const bLoad: { load: Load; tokens: number }[] = [];
  const measureA = async (r: number, seed: number) => {
    const { value, load } = await underLoad(() => runA(seed));
    aLoad.push({ load, tokens: value.tokens });
    a.push(record('a', r, value));
  };
  const measureB = async (r: number, seed: number) => {
    const { value, load } = await underLoad(() => runB(seed));
    bLoad.push({ load, tokens: value.tokens });
    b.push(record('b', r, value));
  };
  const cLoad = new Map<number, { load: Load; tokens: number }[]>(CONCURRENCY.map((c) => [c, []]));
  let sameText = 0;
  const agg = new Map<number, number[]>(CONCURRENCY.map((c) => [c, []]));
  const ttft = new Map<number, number[]>(CONCURRENCY.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    // Same seed on both paths, so both generate the same tokens; order alternates per round.
    const seed = 100 + r;
    if (r % 2 === 0) {
      await measureA(r, seed);
      await measureB(r, seed);
    } else {
      await measureB(r, seed);
      await measureA(r, seed);
    }
    if (a[r]?.text === b[r]?.text) sameText++;
    // Rotate the level order too, so a slow moment does not always land on the same level.
    const levels = CONCURRENCY.map((_, i) => CONCURRENCY[(i + r) % CONCURRENCY.length] as number);
    for (const c of levels) {
      const res = await burst(c, 1000 * (r + 1) + 100 * c);
      agg.get(c)?.push(res.aggregate);
      cLoad.get(c)?.push(res);
      for (const run of res.runs) {
        record(`c${c}`, r, run);
        if (run.ttftMs !== null) ttft.get(c)?.push(run.ttftMs);
      }
    }
    const multi = await burst(SEQUENCES, 1000 * (r + 1) + 100 * SEQUENCES, runMulti);
    inProcessAgg.push(multi.aggregate);
    for (const run of multi.runs) record('a4', r, run);
  }

  const aRates = a.map(tokensPerSecond);
  const bRates = b.map(tokensPerSecond);
  // Ratios are taken per round (paired, measured back to back) and their median reported.
  const bOverA = median(bRates.map((x, i) => x / (aRates[i] as number)));
  const agg1 = agg.get(1) ?? [];
  const agg4OverSingle = median((agg.get(4) ?? []).map((x, i) => x / (agg1[i] as number)));
  const agg8OverSingle = median((agg.get(8) ?? []).map((x, i) => x / (agg1[i] as number)));
  const inProcessAgg4OverA = median(inProcessAgg.map((x, i) => x / (aRates[i] as number)));
  const concurrency = Object.fromEntries(
    CONCURRENCY.map((c) => [
      String(c),
      {
        aggregate_tokens_per_s: round(median(agg.get(c) ?? [])),
        aggregate_tokens_per_s_per_round: (agg.get(c) ?? []).map((x) => round(x)),
        ttft_ms: spread(ttft.get(c) ?? []),
        ...summarizeLoad(cLoad.get(c) ?? []),
      },
    ]),
  );
  const notes: string[] = [
    'The server runs in its own process, as in production; the HTTP client and the in-process model of (a) run in the benchmark process.',
    'event_loop_utilization and process_cpu_share describe the benchmark process only (for (b) and (c): the HTTP client, not the server).',
    'aggregate at concurrency 8 includes 4 requests queued behind the 4 sequences; their TTFT includes queue wait.',
  ];
  if (server.threads !== threads) notes.push(`The server capped threads at ${server.threads} (CPU budget).`);
  if (short.length > 0)
    notes.push(
      `${short.length} generation(s) stopped before ${MAX_TOKENS} tokens; see generation.short_runs.`,
    );

  const output = {
    benchmark: 'inference',
    config: {
      threads,
      server_threads: server.threads,
      server_sequences: server.sequences,
      model: MODEL_ID,
      model_file: path.join(modelsDir, MODEL_FILE),
      chat_wrapper: direct.wrapperName,
      context_size: CONTEXT_SIZE,
      cpus: availableParallelism(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      http_client: client,
      rounds,
      max_tokens: MAX_TOKENS,
      temperature: TEMPERATURE,
      prompt: PROMPT,
    },
    a_in_process: {
      tokens_per_s: round(median(aRates)),
      tokens_per_s_per_round: aRates.map((x) => round(x)),
      ttft_ms: round(median(a.map((r) => r.ttftMs ?? Number.NaN))),
      ...summarizeLoad(aLoad),
    },
    b_http_stream: {
      tokens_per_s: round(median(bRates)),
      tokens_per_s_per_round: bRates.map((x) => round(x)),
      ttft_ms: round(median(b.map((r) => r.ttftMs ?? Number.NaN))),
      ...summarizeLoad(bLoad),
    },
    concurrency,
    reference_in_process_concurrency_4: {
      what: `${SEQUENCES} concurrent LlamaChats on one ${SEQUENCES}-sequence context, no HTTP (the ceiling for (c))`,
      aggregate_tokens_per_s: round(median(inProcessAgg)),
      aggregate_tokens_per_s_per_round: inProcessAgg.map((x) => round(x)),
      over_a: round(inProcessAgg4OverA, 3),
    },
    generation: {
      runs: all.length,
      ran_to_max_tokens: all.length - short.length,
      short_runs: short,
      a_b_same_text_rounds: `${sameText}/${rounds}`,
    },
    server_peak_rss_mib: round(server.peakRssMiB()),
    bench_process_peak_rss_mib: round(process.resourceUsage().maxRSS / 1024),
    ratios: {
      b_over_a: round(bOverA, 3),
      aggregate4_over_single: round(agg4OverSingle, 3),
      aggregate8_over_single: round(agg8OverSingle, 3),
    },
    targets: TARGETS,
    targets_met: {
      b_over_a: bOverA >= TARGETS.b_over_a,
      aggregate4_over_single: agg4OverSingle >= TARGETS.aggregate4_over_single,
    },
    notes,
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
} finally {
  await server.close();
  await direct.close();
  await directMulti.close();
}

function positiveInt(raw: string | undefined, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${raw}`);
  return n;
}
