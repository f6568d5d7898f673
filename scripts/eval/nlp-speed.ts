/**
 * Speed of the contextual recognizers alone (server/pii/nlp), for their README and the lead's
 * numbers; `npm run bench:pii` measures the whole engine. Run with
 * `npx tsx scripts/eval/nlp-speed.ts [--mb 10] [--prompts 2000] [--rounds 3] [--compromise]`;
 * prints JSON:
 *   - MB/s over one text of about 10 MB (the evaluation's sentences, both splits, repeated);
 *   - p50/p99/max milliseconds per 2 KB prompt (slices of that text), each timed on its own.
 * Each measurement is repeated `rounds` times and the best round is reported: on a shared
 * machine the other rounds measure the neighbours.
 * Every recognizer is called on the engine's own TextView (server/pii/text.ts). One thread.
 */
import { parseArgs } from 'node:util';
import { contextualRecognizers, loadCompromise } from '../../server/pii/nlp/index.js';
import { prepareText } from '../../server/pii/text.js';
import type { Recognizer } from '../../server/pii/types.js';
import { percentile, round } from '../bench/stats.js';
import { generateSplit } from './dataset.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '10' },
    prompts: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    compromise: { type: 'boolean', default: false },
  },
});

const recognizers: Recognizer[] = contextualRecognizers(
  values.compromise ? { compromise: { nlp: await loadCompromise(), scope: 'windows' } } : {},
);
const run = (text: string): number => {
  const { view } = prepareText(text);
  let n = 0;
  for (const r of recognizers) n += r.analyze(view).length;
  return n;
};

const corpus = [...generateSplit('tuning', 1500), ...generateSplit('heldout', 1500)]
  .map((e) => e.text)
  .join('\n');
const parts: string[] = [];
for (let size = 0; size < Number(values.mb) * 1e6; size += corpus.length + 1) parts.push(corpus);
const big = parts.join('\n');

run(big.slice(0, 200_000)); // warm up the JIT and load the gazetteers
const rounds = Number(values.rounds);
let seconds = Number.POSITIVE_INFINITY;
let findings = 0;
for (let r = 0; r < rounds; r++) {
  const started = process.hrtime.bigint();
  findings = run(big);
  seconds = Math.min(seconds, Number(process.hrtime.bigint() - started) / 1e9);
}

const prompts: string[] = [];
for (let i = 0; i < Number(values.prompts); i++) {
  const at = (i * 7919) % (big.length - 2048);
  prompts.push(big.slice(at, at + 2048));
}
for (const p of prompts.slice(0, 200)) run(p);
let ms: number[] = [];
for (let r = 0; r < rounds; r++) {
  const round: number[] = [];
  for (const p of prompts) {
    const t0 = process.hrtime.bigint();
    run(p);
    round.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (ms.length === 0 || percentile(round, 99) < percentile(ms, 99)) ms = round;
}

process.stdout.write(
  `${JSON.stringify(
    {
      configuration: values.compromise
        ? 'gazetteers + rules + compromise windows'
        : 'gazetteers + rules (default)',
      bigText: {
        megabytes: round(big.length / 1e6, 2),
        seconds: round(seconds, 2),
        mbPerSecond: round(big.length / 1e6 / seconds, 2),
        findings,
      },
      prompt2kB: {
        count: ms.length,
        p50Ms: round(percentile(ms, 50), 3),
        p99Ms: round(percentile(ms, 99), 3),
        maxMs: round(Math.max(...ms), 3),
      },
    },
    null,
    2,
  )}\n`,
);
