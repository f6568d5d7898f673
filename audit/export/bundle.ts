import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { openCheckpoint } from '../checkpoint.js';
import { parseVerifierKey } from '../note-keys.js';
import type { AuditStore, CheckpointSigner } from '../store/index.js';
import { buildVerifier } from './build-verifier.js';
import { writeTar } from './tar.js';
import {
  BUNDLE_VERSION,
  type ConsistencyJSON,
  FILES,
  FINGERPRINT_PREFIX,
  type ManifestJSON,
  type ProofsJSON,
} from './verifier/format.js';

/** Options of `exportBundle`. */
export interface ExportOptions {
  /** First seq exported (default 0). */
  from?: number;
  /** One past the last seq exported (default: the size of the fresh checkpoint). */
  to?: number;
  /** The log's identity and signing key: a fresh checkpoint is issued with it. */
  signer: CheckpointSigner;
  /** The signer's public vkey (FORMAT.md §4), shipped as pubkey.txt; must match the signer. */
  vkey: string;
  /**
   * Earlier tree sizes (e.g. of checkpoints already handed to an auditor) to prove consistency
   * from, in consistency.json. The store keeps its checkpoints but does not list them yet.
   */
  consistencyFrom?: readonly number[];
  /** The .tar to create; an existing file is never overwritten. */
  outFile: string;
  /** Member mtime (ms since the epoch); defaults to now. */
  now?: number;
}

/** What was exported. */
export interface ExportResult {
  outFile: string;
  from: number;
  to: number;
  treeSize: number;
  checkpoint: string;
  /** SHA-256 of the .tar, hex, for the export's own audit entry. */
  sha256: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const b64 = (path: Buffer[]): string[] => path.map((h) => h.toString('base64'));
const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 1)}\n`, 'utf8');

function checkSeq(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`${what} must be a non-negative integer`);
}

/**
 * Writes a compliance export bundle (FORMAT.md §7): a ustar .tar with the entries
 * `from <= seq < to` as their exact stored bytes, a freshly signed checkpoint, an inclusion proof
 * per entry, consistency proofs from `consistencyFrom`, the public key, a manifest and the
 * standalone verify.mjs. Checkpoint and reads happen in one synchronous stretch, so no append
 * commits in between. Proof generation is O(size) per entry. Caller mistakes throw `TypeError`;
 * store errors propagate.
 */
export async function exportBundle(store: AuditStore, options: ExportOptions): Promise<ExportResult> {
  const { signer, vkey, outFile } = options;
  const verifier = parseVerifierKey(vkey);
  // Cheap pre-check, before a checkpoint is issued; opening the checkpoint below is the real one.
  if (verifier.name !== signer.key.name || !verifier.keyId.equals(signer.key.keyId)) {
    throw new TypeError('vkey is not the public key of the signer');
  }
  const consistencyFrom = [...new Set(options.consistencyFrom ?? [])];
  consistencyFrom.forEach((m) => void checkSeq(m, 'consistencyFrom size'));
  const verifyMjs = await buildVerifier(); // the only await: before any read of the log

  const note = store.checkpoint(signer);
  // Also proves that vkey belongs to the signer: a mismatch would ship an unverifiable bundle.
  const cp = openCheckpoint(note, verifier, signer.origin);
  const from = options.from ?? 0;
  const to = options.to ?? cp.size;
  checkSeq(from, 'from');
  checkSeq(to, 'to');
  if (from > to || to > cp.size)
    throw new TypeError(`range ${from}..${to} is not within the log of ${cp.size}`);
  if (consistencyFrom.some((m) => m > cp.size)) throw new TypeError('consistencyFrom size exceeds the log');

  const lines: Buffer[] = [];
  const proofs: ProofsJSON['proofs'] = [];
  for (const e of store.range(from, to)) {
    lines.push(e.body, Buffer.from('\n'));
    proofs.push({ seq: e.seq, path: b64(store.inclusionProof(e.seq, cp.size)) });
  }
  if (proofs.length !== to - from)
    throw new Error(`store returned ${proofs.length} entries for ${to - from}`);
  const anchor =
    from === 0
      ? null
      : {
          seq: from - 1,
          leaf_hash: store.leafHashAt(from - 1).toString('hex'),
          path: b64(store.inclusionProof(from - 1, cp.size)),
        };
  const proofsJson: ProofsJSON = { version: BUNDLE_VERSION, tree_size: cp.size, from, to, anchor, proofs };
  const consistency: ConsistencyJSON = {
    version: BUNDLE_VERSION,
    tree_size: cp.size,
    proofs: consistencyFrom.map((m) => ({ from_size: m, path: b64(store.consistencyProof(m, cp.size)) })),
  };

  const members = new Map<string, Buffer>([
    [FILES.entries, Buffer.concat(lines)],
    [FILES.checkpoint, Buffer.from(note, 'utf8')],
    [FILES.proofs, json(proofsJson)],
    [FILES.consistency, json(consistency)],
    [FILES.pubkey, Buffer.from(`${vkey}\n${FINGERPRINT_PREFIX}${sha256(Buffer.from(vkey, 'utf8'))}\n`)],
    [FILES.verifier, verifyMjs],
  ]);
  const manifest: ManifestJSON = { version: BUNDLE_VERSION, files: {} };
  for (const [name, data] of members) manifest.files[name] = sha256(data);
  members.set(FILES.manifest, json(manifest));

  const tar = writeTar(
    [...members].map(([name, data]) => ({ name, data, mode: name === FILES.verifier ? 0o755 : 0o644 })),
    Math.floor((options.now ?? Date.now()) / 1000),
  );
  writeFileSync(outFile, tar, { flag: 'wx', mode: 0o640 });
  return { outFile, from, to, treeSize: cp.size, checkpoint: note, sha256: sha256(tar) };
}
