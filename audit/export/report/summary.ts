// Streaming aggregation behind report.csv and report.html (FORMAT.md §7.5): entries are added one
// at a time, CSV text is handed out as it is produced, and only bounded state is kept for the
// HTML (counts, the first and last rows), so a million entries cost no more memory than a few.
import { csvPreamble, csvRow, type ReportRow, reportRow } from './csv.js';

/** Rows of the HTML entries table taken from the start and from the end of the range. */
export const HTML_HEAD_ROWS = 100;
export const HTML_TAIL_ROWS = 100;
/** Rows of each HTML summary table; the CSV has everything. */
export const SUMMARY_LIMIT = 500;

/** Outcome buckets of the summaries (FORMAT.md §6.1 outcomes, and anything else). */
export const OUTCOME_COLUMNS = ['success', 'denied', 'error', 'other'] as const;
export type OutcomeCounts = Record<(typeof OUTCOME_COLUMNS)[number], number>;

/** One line of a summary table. */
export interface SummaryLine {
  /** Actor summaries: [actor_type, actor]; action summaries: [action]. */
  key: string[];
  counts: OutcomeCounts;
  total: number;
}

/** Everything report.html shows about the entries. */
export interface ReportSummary {
  count: number;
  /** Smallest and largest `ts` (RFC 3339 UTC strings sort as times); empty when no entry has one. */
  firstTs: string;
  lastTs: string;
  head: ReportRow[];
  tail: ReportRow[];
  /** Rows neither in `head` nor in `tail`. */
  omitted: number;
  byActor: { lines: SummaryLine[]; more: number };
  byAction: { lines: SummaryLine[]; more: number };
}

const zero = (): OutcomeCounts => ({ success: 0, denied: 0, error: 0, other: 0 });

function bump(map: Map<string, OutcomeCounts>, key: string, outcome: string): void {
  let c = map.get(key);
  if (!c) {
    c = zero();
    map.set(key, c);
  }
  const bucket = outcome === 'success' || outcome === 'denied' || outcome === 'error' ? outcome : 'other';
  c[bucket]++;
}

// Largest total first, then by key in UTF-16 order: deterministic, so the verifier can rebuild it.
function top(map: Map<string, OutcomeCounts>): { lines: SummaryLine[]; more: number } {
  const lines = [...map].map(([k, counts]): SummaryLine => {
    const total = counts.success + counts.denied + counts.error + counts.other;
    return { key: k.split('\u0000'), counts, total };
  });
  const byKey = (a: SummaryLine, b: SummaryLine) => {
    const x = a.key.join('\u0000');
    const y = b.key.join('\u0000');
    return x < y ? -1 : x > y ? 1 : 0;
  };
  lines.sort((a, b) => b.total - a.total || byKey(a, b));
  return { lines: lines.slice(0, SUMMARY_LIMIT), more: Math.max(0, lines.length - SUMMARY_LIMIT) };
}

/** Builds report.csv (pushed to `onCsv` in pieces) and the summary report.html is rendered from. */
export class ReportBuilder {
  readonly #onCsv: (text: string) => void;
  readonly #byActor = new Map<string, OutcomeCounts>();
  readonly #byAction = new Map<string, OutcomeCounts>();
  readonly #head: ReportRow[] = [];
  // Ring buffer of the last HTML_TAIL_ROWS rows past the head.
  readonly #tail: ReportRow[] = [];
  #tailNext = 0;
  #count = 0;
  #firstTs = '';
  #lastTs = '';

  /** Emits the CSV notice and header records at once. */
  constructor(onCsv: (text: string) => void) {
    this.#onCsv = onCsv;
    onCsv(csvPreamble());
  }

  /** Adds the next entry; a line that is not a JSON object is passed as `{}`. */
  add(entry: Readonly<Record<string, unknown>>): void {
    const row = reportRow(entry);
    this.#onCsv(csvRow(row));
    this.#count++;
    if (row.ts !== '') {
      if (this.#firstTs === '' || row.ts < this.#firstTs) this.#firstTs = row.ts;
      if (row.ts > this.#lastTs) this.#lastTs = row.ts;
    }
    bump(this.#byActor, `${row.actor_type}\u0000${row.actor}`, row.outcome);
    bump(this.#byAction, row.action, row.outcome);
    if (this.#head.length < HTML_HEAD_ROWS) this.#head.push(row);
    else {
      this.#tail[this.#tailNext] = row;
      this.#tailNext = (this.#tailNext + 1) % HTML_TAIL_ROWS;
    }
  }

  /** The aggregate for report.html. */
  summary(): ReportSummary {
    const tail = [...this.#tail.slice(this.#tailNext), ...this.#tail.slice(0, this.#tailNext)];
    return {
      count: this.#count,
      firstTs: this.#firstTs,
      lastTs: this.#lastTs,
      head: [...this.#head],
      tail,
      omitted: this.#count - this.#head.length - tail.length,
      byActor: top(this.#byActor),
      byAction: top(this.#byAction),
    };
  }
}
