import { parse } from 'csv-parse';
import type { ParseContext } from './context.js';
import { DocumentError } from './errors.js';
import type { Section } from './types.js';

// CSV (RFC 4180) through csv-parse's streaming parser. Each data row becomes one line
// "col: value; col: value" naming its header cells, so that a passage cited out of the
// table still says what each value is; empty cells are left out. Two hostile shapes are
// stopped inside the parser, before a row is ever assembled:
//   - a row with a million columns: the `cast` hook sees every field as it is completed
//     and throws at column maxColumns + 1, so the row array never grows past the cap;
//   - a single huge field or record: `max_record_size` caps the characters held per record.

/** Size of the slices the parser is fed, so that it yields between them (and aborts are seen). */
const FEED_CHARS = 64 * 1024;

/** One section of `col: value; ...` lines, in file order. */
export async function parseCsv(text: string, ctx: ParseContext): Promise<{ sections: Section[] }> {
  const { maxColumns, maxRecordChars } = ctx.limits;
  const tooWide = () =>
    new DocumentError('too_many_columns', `A CSV row has more than ${maxColumns} columns.`, {
      details: { limit: 'maxColumns', max: maxColumns },
    });
  const parser = parse({
    bom: true,
    delimiter: guessDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: maxRecordChars,
    cast: (value, context) => {
      if (context.index >= maxColumns) throw tooWide();
      return value;
    },
  });
  let header: string[] | undefined;
  const lines: string[] = [];
  const done = (async () => {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h, i) => h.replace(/\s+/g, ' ').trim() || `column ${i + 1}`);
        continue;
      }
      const cells: string[] = [];
      for (const [i, raw] of record.entries()) {
        const value = raw.replace(/\s+/g, ' ').trim();
        if (value !== '') cells.push(`${header[i] ?? `column ${i + 1}`}: ${value}`);
      }
      if (cells.length === 0) continue;
      const line = cells.join('; ');
      ctx.charge(line.length + 1);
      lines.push(line);
    }
  })();
  // Feed and consume concurrently; `write` respects backpressure through `drain`.
  const feed = (async () => {
    for (let i = 0; i < text.length; ) {
      if (parser.destroyed) return;
      let end = Math.min(i + FEED_CHARS, text.length);
      // Never split a surrogate pair: csv-parse encodes each slice to UTF-8 on its own.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
      const slice = text.slice(i, end);
      i = end;
      if (!parser.write(slice)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            parser.off('drain', go);
            parser.off('close', go);
            resolve();
          };
          parser.on('drain', go);
          parser.on('close', go);
        });
      }
    }
    parser.end();
  })();
  try {
    await Promise.all([done, feed]);
  } catch (err) {
    parser.destroy();
    throw translate(err, tooWide);
  }
  return { sections: lines.length > 0 ? [{ text: lines.join('\n') }] : [] };
}

/**
 * Excel writes ';' where the decimal separator is ',' (much of Europe), and exports named .csv
 * are often tab-separated: pick the separator that occurs most in the header line, outside quotes.
 */
export function guessDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < Math.min(text.length, FEED_CHARS); i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** csv-parse wraps errors thrown in `cast`; unwrap ours and name the parser's own codes. */
function translate(err: unknown, tooWide: () => DocumentError): unknown {
  if (err instanceof DocumentError) return err;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof DocumentError) return cause;
  const code = (err as { code?: string }).code;
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new DocumentError('too_many_columns', 'A CSV record is longer than the limit allows.', {
      cause: err,
      details: { limit: 'maxRecordChars' },
    });
  }
  if (code === 'CSV_TOO_MANY_COLUMNS') return tooWide();
  return new DocumentError('corrupt', 'The CSV file is malformed (unbalanced quotes or similar).', {
    cause: err,
  });
}
