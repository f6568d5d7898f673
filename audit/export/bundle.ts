import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { openCheckpoint } from '../checkpoint.js';
import { parseVerifierKey } from '../note-keys.js';
import type { AuditStore, CheckpointSigner } from '../store/index.js';
import { writeEntryMembers } from './bundle-entries.js';
import { buildProofs, consistencySizes } from './bundle-proofs.js';
import { TarWriter } from './tar-writer.js';
import { BUNDLE_VERSION, FILES, FINGERPRINT_PREFIX, type ManifestJSON } from './verifier/format.js';
import { defaultVerifierSource, type VerifierSource } from './verifier-source.js';

/** Options of `exportBundle`. */
export interface ExportOptions {
  /** First seq exported (default 0). */
  from?: number;
  /** One past the last seq exported (default: the size of the fresh checkpoint, i.e. the end). */
  to?: number;
  /** The log's identity and signing key: a fresh checkpoint is issued with it. */
  signer: CheckpointSigner;
  /** The signer's public vkey (FORMAT.md §4), shipped as pubkey.txt; must match the signer. */
  vkey: string;
  /**
   * Further earlier tree sizes (e.g. of checkpoints handed out by other means) to prove
   * consistency from; every checkpoint the store has signed is included anyway.
   */
  consistencyFrom?: readonly number[];
  /** The .tar to create; an existing file is never overwritten. */
  outFile: string;
  /** Member mtime (ms since the epoch); defaults to now. */
  now?: number;
  /** Supplies verify.mjs; defaults to `defaultVerifierSource()` (esbuild in the repository). */
  verifier?: VerifierSource;
}

/** What was exported. */
export interface ExportResult {
  outFile: string;
  from: number;
  to: number;
  treeSize: number;
  checkpoint: string;
  /** Earlier tree sizes consistency.json proves the checkpoint consistent with. */
  consistencyFrom: number[];
  /** SHA-256 of the .tar, hex, for the export's own audit entry. */
  sha256: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const json = (v: unknown): Buffer => Buffer.from(`${JSON.stringify(v, null, 1)}\n`, 'utf8');

function checkSeq(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`${what} must be a non-negative integer`);
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Writes a compliance export bundle (FORMAT.md §7): a ustar .tar with the entries
 * `from <= seq < to` as their exact stored bytes, a checkpoint signed now over the log as it
 * stands (so with the default `to` it covers exactly the exported entries), one compact range
 * proof, consistency proofs from every earlier checkpoint, report.csv/report.html, the public
 * key, a manifest and the standalone verify.mjs. Entries are streamed (memory does not grow with
 * the range). Appends may continue meanwhile: everything is proven against the checkpoint's
 * size. Caller mistakes throw `TypeError`; a store whose entries do not reproduce its own
 * checkpoint throws `ExportError` `LOG_INCONSISTENT` (and leaves no file); store errors propagate.
 */
export async function exportBundle(store: AuditStore, options: ExportOptions): Promise<ExportResult> {
  const { signer, vkey, outFile } = options;
  const verifier = parseVerifierKey(vkey);
  // Cheap pre-check, before a checkpoint is issued; opening the checkpoint below is the real one.
  if (verifier.name !== signer.key.name || !verifier.keyId.equals(signer.key.keyId)) {
    throw new TypeError('vkey is not the public key of the signer');
  }
  const extra = options.consistencyFrom ?? [];
  extra.forEach((m) => void checkSeq(m, 'consistencyFrom size'));
  const mtime = Math.floor((options.now ?? Date.now()) / 1000);
  // Before the checkpoint, so that the checkpoint is as fresh as the export.
  const verifyMjs = await (options.verifier ?? defaultVerifierSource())();

  const note = store.checkpoint(signer);
  // Also proves that vkey belongs to the signer: a mismatch would ship an unverifiable bundle.
  const cp = openCheckpoint(note, verifier, signer.origin);
  const from = options.from ?? 0;
  const to = options.to ?? cp.size;
  checkSeq(from, 'from');
  checkSeq(to, 'to');
  if (from > to || to > cp.size)
    throw new TypeError(`range ${from}..${to} is not within the log of ${cp.size}`);
  if (extra.some((m) => m > cp.size)) throw new TypeError('consistencyFrom size exceeds the log');
  const sizes = consistencySizes(store, cp.size, extra);
  const proofs = buildProofs(store, cp, from, to, sizes);

  const tar = await TarWriter.create(outFile, mtime);
  try {
    const ctx = { origin: cp.origin, from, to, treeSize: cp.size, rootHex: cp.rootHash.toString('hex') };
    const big = await writeEntryMembers(
      tar,
      store,
      proofs,
      cp.rootHash,
      { ...ctx, checkpoint: note },
      `${outFile}.${randomBytes(6).toString('hex')}.csv.tmp`,
    );
    const files: Record<string, string> = {
      [FILES.entries]: big.entries,
      [FILES.reportCsv]: big.csv,
      [FILES.reportHtml]: big.html,
    };
    const pubkey = `${vkey}\n${FINGERPRINT_PREFIX}${sha256(Buffer.from(vkey, 'utf8'))}\n`;
    const small: [string, Buffer][] = [
      [FILES.checkpoint, Buffer.from(note, 'utf8')],
      [FILES.proofs, json(proofs.proofs)],
      [FILES.consistency, json(proofs.consistency)],
      [FILES.pubkey, Buffer.from(pubkey, 'utf8')],
      [FILES.verifier, verifyMjs],
    ];
    for (const [name, data] of small) {
      files[name] = await tar.add(name, data, name === FILES.verifier ? 0o755 : 0o644);
    }
    const manifest: ManifestJSON = { version: BUNDLE_VERSION, files };
    await tar.add(FILES.manifest, json(manifest));
    await tar.finish();
  } catch (err) {
    await tar.abort();
    throw err;
  }
  return {
    outFile,
    from,
    to,
    treeSize: cp.size,
    checkpoint: note,
    consistencyFrom: sizes,
    sha256: await sha256File(outFile),
  };
}
