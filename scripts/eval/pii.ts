/**
 * PII evaluation (issue 6). Run with `npm run eval:pii [-- options]`:
 *   --split tuning|heldout|both   which split(s) to score (default both)
 *   --count N                     texts per split (default 1500)
 *   --analyzers a,b,...           see ./analyzers.ts (default engine,structured,contextual)
 *   --ablation                    adds compromise-only, no-gazetteers and the compromise variants
 *   --json PATH                   where the JSON report goes (default dist/eval/pii.json)
 *   --errors N                    prints N false positives and negatives of the first analyzer
 *                                 (tuning split only: the held-out split is for reporting)
 *   --error-mode strict|relaxed   which matching --errors shows (default relaxed)
 * Prints one table per split and analyzer, and writes every figure as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYZER_NAMES, type AnalyzerName, buildAnalyzers, type NamedAnalyzer } from './analyzers.js';
import { type Example, generateSplit, SEEDS } from './dataset.js';
import { GROUPS, outOfGazetteer } from './groups.js';
import { type Metrics, type Mode, matchSpans, Tally } from './score.js';
import type { Split } from './templates.js';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'both' },
    count: { type: 'string', default: '1500' },
    analyzers: { type: 'string', default: 'engine,structured,contextual' },
    ablation: { type: 'boolean', default: false },
    json: { type: 'string', default: 'dist/eval/pii.json' },
    errors: { type: 'string', default: '0' },
    'error-mode': { type: 'string', default: 'relaxed' },
  },
});

const splits: Split[] = values.split === 'both' ? ['tuning', 'heldout'] : [values.split as Split];
if (!splits.every((s) => s === 'tuning' || s === 'heldout')) throw new TypeError(`--split: ${values.split}`);
const names = values.analyzers.split(',').map((n) => n.trim()) as AnalyzerName[];
if (values.ablation) {
  for (const n of [
    'compromise-only',
    'no-gazetteers',
    'contextual+compromise-windows',
    'contextual+compromise-all',
  ] as const) {
    if (!names.includes(n)) names.push(n);
  }
}
for (const n of names)
  if (!ANALYZER_NAMES.includes(n)) throw new TypeError(`unknown analyzer ${n}: ${ANALYZER_NAMES.join(', ')}`);
const count = Number(values.count);
const errorsToShow = Number(values.errors);

interface ModeReport {
  perType: Record<string, Metrics>;
  groups: Record<string, Metrics>;
  /** Recall of PERSON and LOCATION labels none of whose words the gazetteers hold. */
  outOfGazetteer: Record<string, Metrics>;
}

function evaluate(
  examples: readonly Example[],
  a: NamedAnalyzer,
): { seconds: number; strict: ModeReport; relaxed: ModeReport } {
  const started = process.hrtime.bigint();
  const predictions = examples.map((e) => a.analyze(e.text));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = (mode: Mode): ModeReport => {
    const tally = new Tally();
    const oov = new Tally();
    examples.forEach((e, i) => {
      const m = matchSpans(e.spans, predictions[i] ?? [], mode);
      tally.add(m);
      // Only recall is meaningful on a slice of the labels: false positives are not counted.
      oov.add({
        pairs: m.pairs.filter((p) => outOfGazetteer(p.gold)),
        falsePositives: [],
        falseNegatives: m.falseNegatives.filter(outOfGazetteer),
      });
      if (
        mode === values['error-mode'] &&
        a === firstAnalyzer &&
        e.split === 'tuning' &&
        shown < errorsToShow
      )
        showErrors(e, m);
    });
    const perType = Object.fromEntries(tally.types.map((t) => [t, tally.of(t)]));
    const groups = Object.fromEntries(
      Object.entries(GROUPS).map(([g, types]) => [g, tally.group(types ?? undefined)]),
    );
    return { perType, groups, outOfGazetteer: Object.fromEntries(oov.types.map((t) => [t, oov.of(t)])) };
  };
  return { seconds, strict: report('strict'), relaxed: report('relaxed') };
}

let shown = 0;
let firstAnalyzer: NamedAnalyzer | undefined;
function showErrors(e: Example, m: ReturnType<typeof matchSpans>): void {
  if (m.falsePositives.length === 0 && m.falseNegatives.length === 0) return;
  shown++;
  const cps = [...e.text];
  const cut = (s: { start: number; end: number }) => JSON.stringify(cps.slice(s.start, s.end).join(''));
  process.stdout.write(`\n${e.id} ${e.locale} ${JSON.stringify(e.text)}\n`);
  for (const s of m.falsePositives) process.stdout.write(`   FP ${s.entity_type} ${cut(s)}\n`);
  for (const s of m.falseNegatives) process.stdout.write(`   FN ${s.entity_type} ${cut(s)}\n`);
}

const fmt = (x: number | null): string => (x === null ? '   – ' : x.toFixed(2).padStart(5));
function row(label: string, s: Metrics, r: Metrics): string {
  const support = String(s.tp + s.fn).padStart(6);
  return `${label.padEnd(22)}${support}  ${fmt(s.precision)} ${fmt(s.recall)} ${fmt(s.f1)} ${fmt(s.f2)}   ${fmt(r.precision)} ${fmt(r.recall)} ${fmt(r.f1)} ${fmt(r.f2)}\n`;
}

function printTable(
  split: Split,
  a: NamedAnalyzer,
  res: ReturnType<typeof evaluate>,
  examples: number,
): void {
  const out = process.stdout;
  out.write(
    `\n== ${split} split, ${examples} texts, analyzer ${a.name}: ${a.description} (${res.seconds.toFixed(2)} s)\n`,
  );
  out.write(
    `${'entity'.padEnd(22)}${'labels'.padStart(6)}  strict: P     R    F1    F2   relaxed: P   R    F1    F2\n`,
  );
  for (const t of Object.keys(res.strict.perType)) {
    out.write(row(t, res.strict.perType[t] as Metrics, res.relaxed.perType[t] as Metrics));
  }
  out.write('-- groups\n');
  for (const g of Object.keys(res.strict.groups))
    out.write(row(g, res.strict.groups[g] as Metrics, res.relaxed.groups[g] as Metrics));
  for (const t of Object.keys(res.relaxed.outOfGazetteer)) {
    const r = res.relaxed.outOfGazetteer[t] as Metrics;
    out.write(`out-of-gazetteer ${t}: ${r.tp + r.fn} labels, relaxed recall ${fmt(r.recall)}\n`);
  }
}

const analyzers = await buildAnalyzers(names);
firstAnalyzer = analyzers[0];
const report: Record<string, unknown> = {
  command: `npm run eval:pii -- ${process.argv.slice(2).join(' ')}`.trim(),
  count,
  seeds: SEEDS,
  groups: GROUPS,
  splits: {} as Record<string, unknown>,
};
for (const split of splits) {
  const examples = generateSplit(split, count);
  const byAnalyzer: Record<string, unknown> = {};
  for (const a of analyzers) {
    const res = evaluate(examples, a);
    printTable(split, a, res, examples.length);
    byAnalyzer[a.name] = { description: a.description, ...res };
  }
  (report.splits as Record<string, unknown>)[split] = {
    texts: examples.length,
    labels: examples.reduce((n, e) => n + e.spans.length, 0),
    nearMissTexts: examples.filter((e) => e.nearMiss).length,
    analyzers: byAnalyzer,
  };
}
mkdirSync(path.dirname(values.json), { recursive: true });
writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nJSON report: ${values.json}\n`);
