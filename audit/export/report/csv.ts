// report.csv (FORMAT.md §7.5): one row per exported entry, RFC 4180 (CRLF line breaks, fields
// with `"`, `,`, CR or LF quoted, `"` doubled). Every cell is attacker-influenced text (object
// ids, reasons), so cells a spreadsheet would run as a formula are neutralised first (OWASP
// "CSV Injection": a leading = + - @ TAB or CR gets a `'` prefix). Pure: the verifier imports it.

/** The columns, in order. */
export const CSV_COLUMNS = [
  'seq',
  'ts',
  'actor',
  'actor_type',
  'roles',
  'action',
  'object_type',
  'object_id',
  'outcome',
  'reason',
  'request_id',
  'redacted',
] as const;

/** One report row, as text; `redacted` is `yes` when the entry carries a `personal` commitment. */
export type ReportRow = Record<(typeof CSV_COLUMNS)[number], string>;

/** First record of report.csv, so that nobody mistakes the file for the record. */
export const CSV_NOTICE =
  'DERIVED, NOT AUTHORITATIVE: generated from entries.jsonl, which is the record; verify the bundle with verify.mjs';

/** A JSON value as report text: absent is empty, arrays are `;`-joined, objects stay JSON. */
export function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(';');
  return JSON.stringify(v);
}

/** The report row of one parsed entry (FORMAT.md §6.1 fields; anything missing is empty). */
export function reportRow(entry: Readonly<Record<string, unknown>>): ReportRow {
  const object = entry.object;
  const obj =
    typeof object === 'object' && object !== null && !Array.isArray(object)
      ? (object as Record<string, unknown>)
      : {};
  return {
    seq: text(entry.seq),
    ts: text(entry.ts),
    actor: text(entry.actor),
    actor_type: text(entry.actor_type),
    roles: text(entry.roles),
    action: text(entry.action),
    object_type: text(obj.type),
    object_id: text(obj.id),
    outcome: text(entry.outcome),
    reason: text(entry.reason),
    request_id: text(entry.request_id),
    redacted: entry.personal === undefined ? 'no' : 'yes',
  };
}

/** One CSV field: formula characters neutralised, then quoted when RFC 4180 §2 (6) requires. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record with its CRLF (RFC 4180 §2 (1)). */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The notice record (padded to the column count) and the header record. */
export function csvPreamble(): string {
  const notice = [CSV_NOTICE, ...CSV_COLUMNS.slice(1).map(() => '')];
  return csvRecord(notice) + csvRecord(CSV_COLUMNS);
}

/** The data record of a row. */
export function csvRow(row: ReportRow): string {
  return csvRecord(CSV_COLUMNS.map((c) => row[c]));
}
