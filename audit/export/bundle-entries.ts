// The large members of a bundle, from one pass over the store: entries.jsonl (exact stored
// bytes) goes straight into the archive, report.csv is spooled to a temporary file beside it
// (a tar member must be whole before the next starts), then both reports follow. Memory stays
// bounded whatever the range. The pass also checks the store against the checkpoint just
// signed, as the verifier will, so that a damaged log fails the export instead of producing a
// bundle the auditor's verify.mjs would reject.
import { createReadStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { hashesEqual, hashLeaf } from '../merkle.js';
import type { AuditStore } from '../store/index.js';
import type { BundleProofs } from './bundle-proofs.js';
import { ExportError } from './errors.js';
import { type ReportContext, renderHtml } from './report/html.js';
import { ReportBuilder } from './report/summary.js';
import type { TarWriter } from './tar-writer.js';
import { FILES, GENESIS_PREV } from './verifier/format.js';
import { RangeRoot } from './verifier/range.js';

const NEWLINE = Buffer.from('\n');
const SPOOL_FLUSH = 1 << 20;

const inconsistent = (why: string): never => {
  throw new ExportError('LOG_INCONSISTENT', `${why}; run the store's integrity check`);
};

/** SHA-256 (hex) of the three members written. */
export interface EntryMembers {
  entries: string;
  csv: string;
  html: string;
}

/**
 * Writes entries.jsonl, report.csv and report.html for [from, to). Recomputes the checkpoint's
 * root from the bodies and the range proof and checks every `seq` and `prev`, throwing
 * `LOG_INCONSISTENT` on any difference. `spool` is a path for the temporary CSV (removed).
 */
export async function writeEntryMembers(
  tar: TarWriter,
  store: AuditStore,
  p: BundleProofs,
  root: Buffer,
  ctx: ReportContext,
  spool: string,
): Promise<EntryMembers> {
  const { from, to } = ctx;
  const range = p.rangeStart < to ? new RangeRoot(p.rangeStart, to, ctx.treeSize, p.rangeNodes) : undefined;
  if (p.anchorLeaf) range?.push(p.anchorLeaf);
  const csvFile = await open(spool, 'wx', 0o600);
  try {
    let csv: string[] = [];
    let csvLength = 0;
    const report = new ReportBuilder((t) => {
      csv.push(t);
      csvLength += t.length;
    });
    let prev = p.anchorLeaf ? p.anchorLeaf.toString('hex') : GENESIS_PREV;
    let next = from;
    tar.begin(FILES.entries);
    for (const e of store.range(from, to)) {
      if (e.seq !== next++) inconsistent(`entry ${next - 1} is missing`);
      const leaf = hashLeaf(e.body);
      if (!hashesEqual(leaf, e.leafHash)) inconsistent(`entry ${e.seq} does not match its leaf hash`);
      range?.push(leaf);
      const entry = JSON.parse(e.body.toString('utf8')) as Record<string, unknown>;
      if (entry.seq !== e.seq || entry.prev !== prev) inconsistent(`entry ${e.seq} has a wrong seq or prev`);
      prev = leaf.toString('hex');
      report.add(entry);
      tar.push(e.body);
      tar.push(NEWLINE);
      await tar.drain();
      if (csvLength >= SPOOL_FLUSH) {
        await csvFile.write(csv.join(''));
        csv = [];
        csvLength = 0;
      }
    }
    if (next !== to) inconsistent(`entries end at ${next}, not ${to}`);
    if (range && !hashesEqual(range.root(), root)) inconsistent('entries do not reproduce the signed root');
    const entries = await tar.end();
    await csvFile.write(csv.join(''));
    await csvFile.close();

    tar.begin(FILES.reportCsv);
    for await (const chunk of createReadStream(spool)) await tar.write(chunk as Buffer);
    const csvHash = await tar.end();
    const html = await tar.add(FILES.reportHtml, Buffer.from(renderHtml(report.summary(), ctx), 'utf8'));
    return { entries, csv: csvHash, html };
  } finally {
    await csvFile.close().catch(() => undefined);
    await unlink(spool).catch(() => undefined);
  }
}
