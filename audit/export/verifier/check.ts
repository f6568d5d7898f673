// Verifies an extracted export bundle (FORMAT.md §7) as a fixed sequence of checks: manifest,
// key, checkpoint signature, proofs, every entry (canonical bytes, seq, prev chain), the range
// proof of all entries against the signed root, the derived reports, and optionally consistency
// with checkpoints the auditor kept. Imports only the pure library, so that esbuild can bundle
// it into a verify.mjs that runs with nothing but Node >= 20.
import { createHash } from 'node:crypto';
import { type Checkpoint, openCheckpoint } from '../../checkpoint.js';
import { hashesEqual } from '../../merkle.js';
import { type NoteVerifier, parseVerifierKey } from '../../note-keys.js';
import { verifyConsistency } from '../../verify.js';
import { renderHtml } from '../report/html.js';
import { ReportBuilder } from '../report/summary.js';
import { checkEntries } from './entries.js';
import { type BundleFiles, filesFromMap } from './files.js';
import { FILES, FINGERPRINT_PREFIX, GENESIS_PREV } from './format.js';
import { checkManifest } from './manifest.js';
import { type Proofs, parseConsistency, parseProofs } from './parse.js';
import { RangeRoot } from './range.js';
import { attempt, type ItemResult, reasonOf } from './result.js';

export type { ItemResult } from './result.js';

/** All verdicts, and the entry count for the `N/M entries valid` summary. */
export interface BundleReport {
  items: ItemResult[];
  validEntries: number;
  totalEntries: number;
  ok: boolean;
}

/** Trust material from outside the bundle; without it the bundle only vouches for itself. */
export interface VerifyBundleOptions {
  /** The log's vkey, obtained out of band; pubkey.txt must equal it. */
  trustedKey?: string;
  /** Signed checkpoints kept earlier (label: e.g. the file name); the bundle's must extend each. */
  previousCheckpoints?: readonly { label: string; note: Buffer }[];
}

function checkKey(files: BundleFiles, trusted: string | undefined, out: ItemResult[]) {
  try {
    const [vkey = '', fp = '', ...rest] = (files.read(FILES.pubkey)?.toString('utf8') ?? '').split('\n');
    if (rest.some((l) => l !== '')) throw new Error('unexpected lines');
    if (fp !== FINGERPRINT_PREFIX + createHash('sha256').update(vkey, 'utf8').digest('hex'))
      throw new Error('fingerprint line does not match the key');
    const verifier = parseVerifierKey(vkey);
    if (trusted !== undefined && vkey !== trusted) throw new Error('key is not the trusted key given');
    const pin = trusted ? ', trusted' : ', NOT pinned: pass --trusted-key';
    out.push({ item: `${FILES.pubkey} (${fp}${pin})`, ok: true });
    return verifier;
  } catch (err) {
    out.push({ item: FILES.pubkey, ok: false, reason: reasonOf(err) });
    // A pinned key still lets the checkpoint and entries be judged.
    return trusted === undefined ? undefined : safeKey(trusted);
  }
}

function safeKey(vkey: string): NoteVerifier | undefined {
  try {
    return parseVerifierKey(vkey);
  } catch {
    return undefined;
  }
}

/** Runs every check; never throws on bundle content. */
export function verifyBundle(
  input: BundleFiles | ReadonlyMap<string, Buffer>,
  options: VerifyBundleOptions = {},
): BundleReport {
  const files = input instanceof Map ? filesFromMap(input) : (input as BundleFiles);
  const items: ItemResult[] = [];
  const actual = checkManifest(files, items);
  const key = checkKey(files, options.trustedKey, items);
  const cp = attempt(FILES.checkpoint, items, (): Checkpoint => {
    if (!key) throw new Error('no usable key to check the signature with');
    return openCheckpoint(files.read(FILES.checkpoint) ?? '', key, key.name);
  });
  const proofs = attempt(FILES.proofs, items, (): Proofs => {
    const p = parseProofs(files.read(FILES.proofs)?.toString('utf8') ?? '');
    if (cp && p.treeSize !== cp.size)
      throw new Error(`tree_size ${p.treeSize} is not the checkpoint's ${cp.size}`);
    return p;
  });
  const consistency = attempt(FILES.consistency, items, () => {
    const c = parseConsistency(files.read(FILES.consistency)?.toString('utf8') ?? '');
    if (cp && c.treeSize !== cp.size)
      throw new Error(`tree_size ${c.treeSize} is not the checkpoint's ${cp.size}`);
    return c;
  });

  const from = proofs?.from ?? 0;
  const to = proofs?.to ?? 0;
  const rangeStart = from > 0 ? from - 1 : 0;
  // The proof covers the anchor too, so the first entry's prev is bound to the signed tree.
  const range = proofs && cp ? new RangeRoot(rangeStart, to, cp.size, proofs.rangeNodes) : undefined;
  if (proofs?.anchor) range?.push(proofs.anchor.leafHash);
  const csv = createHash('sha256');
  const report = new ReportBuilder((t) => void csv.update(t, 'utf8'));
  const firstPrev = from === 0 ? GENESIS_PREV : proofs?.anchor?.leafHash.toString('hex');
  const sink = {
    line(_: number, leaf: Buffer, entry: Record<string, unknown>, inRange: boolean) {
      if (inRange) range?.push(leaf);
      report.add(entry);
    },
  };
  const entries = checkEntries(files, { from, to: proofs ? to : undefined, firstPrev }, sink, items);
  let proven = false;
  if (proofs && cp) {
    proven =
      attempt(
        `range proof (${rangeStart < to ? `entries ${rangeStart}..${to - 1}` : 'no entries'} of tree size ${cp.size})`,
        items,
        () => {
          if (rangeStart === to) return true; // nothing exported from the start: nothing to prove
          const root = range?.root() as Buffer;
          if (!hashesEqual(root, cp.rootHash)) {
            // With an intact chain, only an item no later line commits to can have changed.
            const hint =
              entries.faults === 0
                ? ` (the prev chain is intact: the last entry, ${to - 1}, the anchor or a proof node was altered)`
                : '';
            throw new Error(
              `the root recomputed from the entries and the proof is not the checkpoint root${hint}`,
            );
          }
          return true;
        },
      ) === true;
  }

  attempt(`${FILES.reportCsv} (rebuilt from ${FILES.entries})`, items, () => {
    if (csv.digest('hex') !== actual.get(FILES.reportCsv)) throw new Error(`does not match ${FILES.entries}`);
  });
  if (cp && proofs) {
    attempt(`${FILES.reportHtml} (rebuilt from ${FILES.entries})`, items, () => {
      const ctx = { origin: cp.origin, from, to, treeSize: cp.size, rootHex: cp.rootHash.toString('hex') };
      const html = renderHtml(report.summary(), {
        ...ctx,
        checkpoint: files.read(FILES.checkpoint)?.toString('utf8') ?? '',
      });
      const want = createHash('sha256').update(html, 'utf8').digest('hex');
      if (want !== actual.get(FILES.reportHtml)) throw new Error(`does not match ${FILES.entries}`);
    });
  }
  for (const prev of options.previousCheckpoints ?? []) checkPrevious(prev, key, cp, consistency, items);
  const validEntries = proven ? entries.cleanEntries : 0;
  return { items, validEntries, totalEntries: entries.totalEntries, ok: items.every((i) => i.ok) };
}

function checkPrevious(
  previous: { label: string; note: Buffer },
  key: NoteVerifier | undefined,
  cp: Checkpoint | undefined,
  consistency: { byFromSize: Map<number, Buffer[]> } | undefined,
  out: ItemResult[],
): void {
  const prev = attempt(`previous checkpoint ${previous.label}`, out, () => {
    if (!key) throw new Error('no usable key to check the signature with');
    return openCheckpoint(previous.note, key, key.name);
  });
  if (!prev) return;
  attempt(`consistency with ${previous.label} (size ${prev.size})`, out, () => {
    if (!cp) throw new Error('bundle checkpoint is not valid');
    if (prev.size > cp.size) throw new Error(`bundle checkpoint (size ${cp.size}) is older than this one`);
    let path: Buffer[] = [];
    // Sizes 0 and equal need no proof (FORMAT.md §3); any other must come from the bundle.
    if (prev.size > 0 && prev.size < cp.size) {
      const found = consistency?.byFromSize.get(prev.size);
      if (!found)
        throw new Error(`no consistency proof from size ${prev.size} to ${cp.size} in ${FILES.consistency}`);
      path = found;
    }
    verifyConsistency(prev.size, cp.size, prev.rootHash, cp.rootHash, path);
  });
}
