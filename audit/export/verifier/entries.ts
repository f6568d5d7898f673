// Per-entry checks of entries.jsonl, streamed line by line: each line must be the exact RFC 8785
// bytes of its entry (FORMAT.md §1) and carry the seq of its position (gap-free, in order), and
// consecutive lines must chain through `prev` (FORMAT.md §6). Inclusion in the signed tree is
// proven for the whole range at once (range.ts); the chain is what localises a change:
//
// A changed line breaks the link to its successor (whose `prev` still names the original); a
// changed `prev` (or a line replaced outright) breaks both of its links. So a broken link between
// lines j-1 and j is blamed on j when the link after j is broken too, else on j-1. That needs a
// window of two lines, after which each line's verdict is final and only failures are reported.
import { canonicalBytes } from '../../jcs.js';
import { hashLeaf } from '../../merkle.js';
import { type BundleFiles, lines } from './files.js';
import { FILES } from './format.js';
import { type ItemResult, reasonOf } from './result.js';

/** Invalid entries reported one by one; beyond this, only counted. */
export const MAX_REPORTED_ENTRIES = 1000;

/** Where the lines go besides the chain checks (range proof, report rebuild). */
export interface LineSink {
  /** Every line, in order; `entry` is `{}` for a line that is not a JSON object. */
  line(index: number, leafHash: Buffer, entry: Record<string, unknown>, inRange: boolean): void;
}

/** The range the lines are checked against and the leaf before it. */
export interface EntriesRange {
  from: number;
  /** One past the last seq; undefined when unknown (proofs.json unusable): every line counts. */
  to: number | undefined;
  /** Hex leaf hash that the first line's `prev` must equal; undefined when it cannot be known. */
  firstPrev: string | undefined;
}

interface Line {
  index: number;
  lineNo: number;
  reasons: string[];
  /** A fault of the line itself (bytes, seq, position), independent of its neighbours. */
  selfFault: boolean;
  /** Its own `prev` does not match the line before. */
  linkBroken: boolean;
  leafHex: string;
}

/**
 * Judges every line. Returns the number of lines in range without any fault, the number of
 * entries (expected or present, whichever is more) and the number of faults reported.
 */
export function checkEntries(
  files: BundleFiles,
  range: EntriesRange,
  sink: LineSink,
  out: ItemResult[],
): { cleanEntries: number; totalEntries: number; faults: number } {
  const from = range.from;
  const to = range.to ?? Number.POSITIVE_INFINITY;
  const window: Line[] = [];
  let reported = 0;
  let failed = 0;
  let clean = 0;
  let count = 0;
  const emit = (l: Line): void => {
    if (l.reasons.length === 0) {
      if (l.index < to) clean++;
      return;
    }
    failed++;
    if (reported++ < MAX_REPORTED_ENTRIES) {
      const item = `entry ${l.index} (${FILES.entries} line ${l.lineNo})`;
      out.push({ item, ok: false, reason: l.reasons.join('; ') });
    }
  };
  const anchor: string[] = [];
  // Decides the link into `cur` once the link after it is known (`next`; none at the end).
  const judge = (prev: Line | undefined, cur: Line, next: Line | undefined): void => {
    if (!cur.linkBroken || prev?.selfFault) return;
    if (cur.index === 0) {
      cur.reasons.push('prev is not GENESIS_PREV');
      return;
    }
    const before = prev ? `entry ${cur.index - 1}` : `the anchor (entry ${cur.index - 1})`;
    if (cur.selfFault) cur.reasons.push(`prev is not the leaf hash of ${before}`);
    else if (next?.linkBroken && !next.selfFault) {
      cur.reasons.push(
        `altered: prev is not the leaf hash of ${before}, and entry ${cur.index + 1}'s prev is not its leaf hash`,
      );
    } else if (next) {
      (prev ? prev.reasons : anchor).push(
        `altered: its leaf hash is not the prev recorded by entry ${cur.index}`,
      );
    } else {
      // The last line: either it or the one before was changed.
      (prev ? prev.reasons : anchor).push(
        `leaf hash is not the prev recorded by entry ${cur.index} (one of the two was altered)`,
      );
      cur.reasons.push(`prev is not the leaf hash of ${before} (one of the two was altered)`);
    }
  };

  let prevHex = range.firstPrev;
  for (const { line, unterminated } of lines(files.chunks(FILES.entries))) {
    const index = from + count++;
    const reasons: string[] = [];
    let entry: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(line.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      entry = parsed as Record<string, unknown>;
      if (!canonicalBytes(entry).equals(line))
        reasons.push('bytes are not the canonical (RFC 8785) encoding');
    } catch (err) {
      reasons.push(`not a canonical JSON object (${reasonOf(err)})`);
    }
    if (entry && entry.seq !== index)
      reasons.push(`seq ${JSON.stringify(entry.seq)} where ${index} expected`);
    if (unterminated) reasons.push('line does not end in a newline');
    if (index >= to) reasons.push(`line is beyond the exported range ${from}..${to - 1}`);
    const leaf = hashLeaf(line);
    const cur: Line = {
      index,
      lineNo: count,
      reasons,
      selfFault: reasons.length > 0,
      linkBroken: prevHex !== undefined && entry?.prev !== prevHex,
      leafHex: leaf.toString('hex'),
    };
    sink.line(index, leaf, entry ?? {}, index < to);
    prevHex = cur.leafHex;
    window.push(cur);
    if (window.length === 3) {
      judge(window[0], window[1] as Line, cur);
      emit(window.shift() as Line);
    } else if (window.length === 2) judge(undefined, window[0] as Line, cur);
  }
  // The final verdicts: the last line's link has no successor to compare with.
  const last = window[window.length - 1];
  if (last) judge(window.length === 2 ? window[0] : undefined, last, undefined);
  for (const l of window) emit(l);
  if (anchor.length > 0) {
    out.push({ item: `${FILES.proofs} anchor (entry ${from - 1})`, ok: false, reason: anchor.join('; ') });
  }
  if (reported > MAX_REPORTED_ENTRIES) {
    out.push({
      item: FILES.entries,
      ok: false,
      reason: `${failed - MAX_REPORTED_ENTRIES} more invalid entries not listed`,
    });
  }
  const expected = range.to === undefined ? count : range.to - from;
  if (count < expected) {
    out.push({
      item: FILES.entries,
      ok: false,
      reason: `${expected - count} of ${expected} entries missing (seq ${from}..${to - 1} exported)`,
    });
  }
  const faults = failed + (anchor.length > 0 ? 1 : 0) + (count < expected ? 1 : 0);
  return { cleanEntries: clean, totalEntries: Math.max(expected, count), faults };
}
