// report.html (FORMAT.md §7.5): a self-contained page for people. No scripts, no external
// assets (a Content-Security-Policy of default-src 'none' makes sure of it even if escaping were
// ever missed), every value HTML-escaped: object ids and reasons come from the log. The output
// depends only on its inputs (no clock, no locale), so the verifier can rebuild it byte for byte.
import { CSV_COLUMNS, type ReportRow } from './csv.js';
import { OUTCOME_COLUMNS, type ReportSummary, type SummaryLine } from './summary.js';

/** What the page says about the bundle besides the entries. */
export interface ReportContext {
  origin: string;
  from: number;
  to: number;
  treeSize: number;
  /** Root hash of checkpoint.txt, lowercase hex. */
  rootHex: string;
  /** checkpoint.txt as text. */
  checkpoint: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const NOTICE =
  'DERIVED, NOT AUTHORITATIVE: generated from entries.jsonl, which is the record. ' +
  'Verify the bundle with verify.mjs; report.csv has every entry.';

const STYLE = [
  'body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}',
  '.notice{border:2px solid #b00;padding:.5em 1em;font-weight:bold}',
  'table{border-collapse:collapse;margin:.5em 0 1.5em}',
  'th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}',
  'td.n{text-align:right}',
  'code,pre,td{font-family:ui-monospace,monospace;font-size:12px}',
  'td{word-break:break-all}',
].join('');

const cell = (v: string | number, n = false): string =>
  `<td${n ? ' class="n"' : ''}>${escapeHtml(String(v))}</td>`;
const headRow = (names: readonly string[]): string =>
  `<tr>${names.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;

function summaryTable(title: string, keys: string[], s: { lines: SummaryLine[]; more: number }): string {
  const rows = s.lines.map(
    (l) =>
      `<tr>${l.key.map((k) => cell(k)).join('')}${OUTCOME_COLUMNS.map((o) => cell(l.counts[o], true)).join('')}${cell(l.total, true)}</tr>`,
  );
  const more = s.more > 0 ? `<p>${s.more} more not shown; see report.csv.</p>` : '';
  return `<h2>${escapeHtml(title)}</h2><table>${headRow([...keys, ...OUTCOME_COLUMNS, 'total'])}${rows.join('\n')}</table>${more}`;
}

function entriesTable(s: ReportSummary): string {
  const row = (r: ReportRow) => `<tr>${CSV_COLUMNS.map((c) => cell(r[c])).join('')}</tr>`;
  const gap =
    s.omitted > 0
      ? `<tr><td colspan="${CSV_COLUMNS.length}">… ${s.omitted} entries not shown here; report.csv has all ${s.count} …</td></tr>`
      : '';
  return `<h2>Entries</h2><table>${headRow(CSV_COLUMNS)}${s.head.map(row).join('\n')}${gap}${s.tail.map(row).join('\n')}</table>`;
}

/** The whole report.html. */
export function renderHtml(s: ReportSummary, ctx: ReportContext): string {
  const range = ctx.to > ctx.from ? `${ctx.from}..${ctx.to - 1}` : 'none';
  const period = s.firstTs === '' ? 'none' : `${s.firstTs} to ${s.lastTs}`;
  const facts: [string, string][] = [
    ['Log', ctx.origin],
    ['Period', period],
    ['Entries', `${s.count} (seq ${range})`],
    ['Tree size', String(ctx.treeSize)],
    ['Root hash', ctx.rootHex],
  ];
  return [
    '<!DOCTYPE html>',
    `<!-- ${NOTICE} -->`,
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Audit export: ${escapeHtml(ctx.origin)}</title><style>${STYLE}</style></head><body>`,
    `<p class="notice">${escapeHtml(NOTICE)}</p>`,
    `<h1>Audit export: ${escapeHtml(ctx.origin)}</h1>`,
    `<table>${facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th>${cell(v)}</tr>`).join('')}</table>`,
    `<h2>Checkpoint</h2><pre>${escapeHtml(ctx.checkpoint)}</pre>`,
    summaryTable('By actor', ['actor_type', 'actor'], s.byActor),
    summaryTable('By action', ['action'], s.byAction),
    entriesTable(s),
    '</body></html>',
    '',
  ].join('\n');
}
