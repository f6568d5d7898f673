// Verifies an extracted export bundle (FORMAT.md §7) as a fixed sequence of checks: manifest,
// key, checkpoint signature, every entry (canonical bytes, seq, prev chain, inclusion), and
// optionally consistency with a checkpoint the auditor kept. Imports only the pure library, so
// that esbuild can bundle it into a verify.mjs that runs with nothing but Node >= 20.
import { createHash } from 'node:crypto';
import { type Checkpoint, openCheckpoint } from '../../checkpoint.js';
import { type NoteVerifier, parseVerifierKey } from '../../note-keys.js';
import { verifyConsistency, verifyInclusion } from '../../verify.js';

export type { ItemResult } from './result.js';

import { checkEntries } from './entries.js';
import { FILES, FINGERPRINT_PREFIX } from './format.js';
import { type Proofs, parseConsistency, parseManifest, parseProofs } from './parse.js';
import { type ItemResult, reasonOf } from './result.js';

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
  /** A signed checkpoint kept earlier; the bundle's checkpoint must extend it. */
  previousCheckpoint?: Buffer;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function checkManifest(files: ReadonlyMap<string, Buffer>, out: ItemResult[]): void {
  const raw = files.get(FILES.manifest);
  let manifest: Map<string, string>;
  try {
    if (!raw) throw new Error('missing');
    manifest = parseManifest(raw.toString('utf8'));
  } catch (err) {
    out.push({ item: FILES.manifest, ok: false, reason: reasonOf(err) });
    return;
  }
  const names: string[] = [FILES.entries, FILES.checkpoint, FILES.proofs, FILES.pubkey, FILES.verifier];
  if (files.has(FILES.consistency) || manifest.has(FILES.consistency)) names.push(FILES.consistency);
  for (const name of names) {
    const data = files.get(name);
    const want = manifest.get(name);
    const item = `manifest ${name}`;
    if (!data) out.push({ item, ok: false, reason: 'file is missing from the bundle' });
    else if (!want) out.push({ item, ok: false, reason: 'file is not listed in manifest.json' });
    else if (sha256(data) !== want)
      out.push({ item, ok: false, reason: 'SHA-256 does not match manifest.json' });
    else out.push({ item, ok: true });
  }
}

function checkKey(files: ReadonlyMap<string, Buffer>, trusted: string | undefined, out: ItemResult[]) {
  try {
    const [vkey = '', fp = '', ...rest] = (files.get(FILES.pubkey)?.toString('utf8') ?? '').split('\n');
    if (rest.some((l) => l !== '')) throw new Error('unexpected lines');
    if (fp !== FINGERPRINT_PREFIX + sha256(Buffer.from(vkey, 'utf8')))
      throw new Error('fingerprint line does not match the key');
    const verifier = parseVerifierKey(vkey);
    if (trusted !== undefined && vkey !== trusted) throw new Error('key is not the trusted key given');
    out.push({
      item: `${FILES.pubkey} (${fp}${trusted ? ', trusted' : ', NOT pinned: pass --trusted-key'})`,
      ok: true,
    });
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

function attempt<T>(item: string, out: ItemResult[], fn: () => T): T | undefined {
  try {
    const v = fn();
    out.push({ item, ok: true });
    return v;
  } catch (err) {
    out.push({ item, ok: false, reason: reasonOf(err) });
    return undefined;
  }
}

/** Runs every check; never throws on bundle content. */
export function verifyBundle(
  files: ReadonlyMap<string, Buffer>,
  options: VerifyBundleOptions = {},
): BundleReport {
  const items: ItemResult[] = [];
  checkManifest(files, items);
  const key = checkKey(files, options.trustedKey, items);
  const cp = attempt(FILES.checkpoint, items, (): Checkpoint => {
    if (!key) throw new Error('no usable key to check the signature with');
    return openCheckpoint(files.get(FILES.checkpoint) ?? '', key, key.name);
  });
  const proofs = attempt(FILES.proofs, items, (): Proofs => {
    const p = parseProofs(files.get(FILES.proofs)?.toString('utf8') ?? '');
    if (cp && p.treeSize !== cp.size)
      throw new Error(`tree_size ${p.treeSize} is not the checkpoint's ${cp.size}`);
    if (p.from > 0) {
      const a = p.anchor;
      if (!a || a.seq !== p.from - 1) throw new Error(`no anchor for seq ${p.from - 1}`);
      if (cp) verifyInclusion(a.seq, cp.size, a.leafHash, a.path, cp.rootHash);
    }
    return p;
  });
  const entries = checkEntries(files.get(FILES.entries), proofs, cp, items);
  if (options.previousCheckpoint !== undefined) {
    checkPrevious(files, options.previousCheckpoint, key, cp, items);
  }
  return { items, ...entries, ok: items.every((i) => i.ok) };
}

function checkPrevious(
  files: ReadonlyMap<string, Buffer>,
  note: Buffer,
  key: NoteVerifier | undefined,
  cp: Checkpoint | undefined,
  out: ItemResult[],
): void {
  const prev = attempt('previous checkpoint', out, () => {
    if (!key) throw new Error('no usable key to check the signature with');
    return openCheckpoint(note, key, key.name);
  });
  if (!prev) return;
  attempt(`consistency from previous checkpoint (size ${prev.size})`, out, () => {
    if (!cp) throw new Error('bundle checkpoint is not valid');
    if (prev.size > cp.size)
      throw new Error(`bundle checkpoint (size ${cp.size}) is older than the previous one`);
    let path: Buffer[] = [];
    if (prev.size < cp.size) {
      const c = parseConsistency(files.get(FILES.consistency)?.toString('utf8') ?? '{"proofs":[]}');
      const found = c.treeSize === cp.size ? c.byFromSize.get(prev.size) : undefined;
      if (!found) throw new Error(`${FILES.consistency} has no proof from size ${prev.size} to ${cp.size}`);
      path = found;
    }
    verifyConsistency(prev.size, cp.size, prev.rootHash, cp.rootHash, path);
  });
}
