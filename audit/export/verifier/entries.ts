// Per-entry checks of entries.jsonl: each line must be the exact RFC 8785 bytes of its entry
// (FORMAT.md §1), carry the seq of its position (gap-free, in order), chain to the previous
// leaf through `prev` (FORMAT.md §6), and be included in the signed tree (RFC 9162 §2.1.3.2).
import type { Checkpoint } from '../../checkpoint.js';
import { canonicalBytes } from '../../jcs.js';
import { hashLeaf } from '../../merkle.js';
import { verifyInclusion } from '../../verify.js';
import { FILES, GENESIS_PREV } from './format.js';
import type { Proofs } from './parse.js';
import { type ItemResult, reasonOf } from './result.js';

/** Splits on "\n", keeping each line's bytes exact; the file must end in "\n" unless empty. */
function lines(data: Buffer): Buffer[] {
  if (data.length === 0) return [];
  if (data[data.length - 1] !== 0x0a) throw new Error('does not end in a newline');
  const out: Buffer[] = [];
  for (let start = 0; start < data.length; ) {
    const end = data.indexOf(0x0a, start);
    out.push(data.subarray(start, end));
    start = end + 1;
  }
  return out;
}

/** Judges every line of entries.jsonl; pushes one item per line, plus one for missing entries. */
export function checkEntries(
  data: Buffer | undefined,
  proofs: Proofs | undefined,
  cp: Checkpoint | undefined,
  out: ItemResult[],
): { validEntries: number; totalEntries: number } {
  let rows: Buffer[];
  try {
    if (!data) throw new Error('missing');
    rows = lines(data);
  } catch (err) {
    out.push({ item: FILES.entries, ok: false, reason: reasonOf(err) });
    return { validEntries: 0, totalEntries: proofs ? proofs.to - proofs.from : 0 };
  }
  const from = proofs?.from ?? 0;
  const expected = proofs ? proofs.to - proofs.from : rows.length;
  // The prev the first line must carry: genesis, or the anchor leaf proven in the signed tree.
  let prev: string | undefined = from === 0 ? GENESIS_PREV : proofs?.anchor?.leafHash.toString('hex');
  let valid = 0;
  for (const [i, line] of rows.entries()) {
    const index = from + i;
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
    if (entry && (prev === undefined || entry.prev !== prev)) {
      reasons.push("prev does not match the previous entry's leaf hash");
    }
    const leaf = hashLeaf(line);
    if (i >= expected) reasons.push(`line is beyond the exported range ${from}..${from + expected - 1}`);
    else if (!cp) reasons.push('no valid checkpoint to check inclusion against');
    else {
      try {
        const path = proofs?.bySeq.get(index);
        if (!path) throw new Error(`no inclusion proof for seq ${index}`);
        verifyInclusion(index, cp.size, leaf, path, cp.rootHash);
      } catch (err) {
        reasons.push(`not included in the checkpoint (${reasonOf(err)})`);
      }
    }
    const item = `entry ${index} (${FILES.entries} line ${i + 1})`;
    if (reasons.length === 0) valid++;
    out.push(reasons.length === 0 ? { item, ok: true } : { item, ok: false, reason: reasons.join('; ') });
    prev = leaf.toString('hex');
  }
  if (rows.length < expected) {
    out.push({
      item: FILES.entries,
      ok: false,
      reason: `${expected - rows.length} of ${expected} entries missing (seq ${from}..${from + expected - 1} exported)`,
    });
  }
  return { validEntries: valid, totalEntries: Math.max(expected, rows.length) };
}
