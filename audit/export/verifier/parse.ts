// Strict readers for the bundle's attacker-controlled JSON members: every field is checked
// before use, and base64 must be canonical (FORMAT.md §4), so one proof has one spelling.
import { BUNDLE_VERSION, type ConsistencyJSON, type ManifestJSON, type ProofsJSON } from './format.js';

/** A bundle member that does not have the shape FORMAT.md §7 gives it. */
export class BundleFormatError extends Error {
  override readonly name = 'BundleFormatError';
}

function fail(why: string): never {
  throw new BundleFormatError(why);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function size(v: unknown, what: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) fail(`${what} is not a non-negative integer`);
  return v as number;
}

/** Decodes canonical base64 of exactly `len` bytes (when given). */
export function b64(v: unknown, what: string, len?: number): Buffer {
  if (typeof v !== 'string' || !/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v)) {
    fail(`${what} is not base64`);
  }
  const out = Buffer.from(v, 'base64');
  if (out.toString('base64') !== v || (len !== undefined && out.length !== len)) fail(`${what} is malformed`);
  return out;
}

function path(v: unknown, what: string): Buffer[] {
  if (!Array.isArray(v)) fail(`${what} is not an array`);
  return v.map((h, i) => b64(h, `${what}[${i}]`, 32));
}

function version(v: unknown, what: string): void {
  if (v !== BUNDLE_VERSION) fail(`${what} version ${JSON.stringify(v)} is not ${BUNDLE_VERSION}`);
}

/** proofs.json, decoded. */
export interface Proofs {
  treeSize: number;
  from: number;
  to: number;
  /** Leaf `from - 1`, when from > 0. */
  anchor: { seq: number; leafHash: Buffer } | null;
  /** FORMAT.md §7.3 range proof of [from - 1 or 0, to). */
  rangeNodes: Buffer[];
}

/** Parses proofs.json; throws `BundleFormatError`. */
export function parseProofs(text: string): Proofs {
  const j = obj(JSON.parse(text), 'proofs.json') as Partial<Record<keyof ProofsJSON, unknown>>;
  version(j.version, 'proofs.json');
  const treeSize = size(j.tree_size, 'tree_size');
  const from = size(j.from, 'from');
  const to = size(j.to, 'to');
  if (from > to || to > treeSize) fail(`range ${from}..${to} is not within the tree of ${treeSize}`);
  let anchor: Proofs['anchor'] = null;
  if (from === 0) {
    if (j.anchor !== null) fail('anchor must be null when from is 0');
  } else {
    const a = obj(j.anchor, 'anchor');
    if (typeof a.leaf_hash !== 'string' || !/^[0-9a-f]{64}$/.test(a.leaf_hash)) fail('anchor leaf_hash');
    if (a.seq !== from - 1) fail(`anchor seq is not ${from - 1}`);
    anchor = { seq: from - 1, leafHash: Buffer.from(a.leaf_hash, 'hex') };
  }
  return { treeSize, from, to, anchor, rangeNodes: path(j.range_proof, 'range_proof') };
}

/** consistency.json, decoded: proof path by earlier tree size. */
export function parseConsistency(text: string): { treeSize: number; byFromSize: Map<number, Buffer[]> } {
  const j = obj(JSON.parse(text), 'consistency.json') as Partial<Record<keyof ConsistencyJSON, unknown>>;
  version(j.version, 'consistency.json');
  const treeSize = size(j.tree_size, 'tree_size');
  if (!Array.isArray(j.proofs)) fail('proofs is not an array');
  const byFromSize = new Map<number, Buffer[]>();
  let last = 0;
  for (const [i, p] of (j.proofs as unknown[]).entries()) {
    const e = obj(p, `proofs[${i}]`);
    const m = size(e.from_size, `proofs[${i}].from_size`);
    // One spelling per bundle: ascending, no duplicates, only sizes that need a proof.
    if (m <= last || m >= treeSize) fail(`proofs[${i}].from_size ${m} is out of order or range`);
    last = m;
    byFromSize.set(m, path(e.path, `proofs[${i}].path`));
  }
  return { treeSize, byFromSize };
}

/** manifest.json, decoded: member name to lowercase hex SHA-256. */
export function parseManifest(text: string): Map<string, string> {
  const j = obj(JSON.parse(text), 'manifest.json') as Partial<Record<keyof ManifestJSON, unknown>>;
  version(j.version, 'manifest.json');
  const files = new Map<string, string>();
  for (const [name, hash] of Object.entries(obj(j.files, 'files'))) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) fail(`hash of ${name} is malformed`);
    files.set(name, hash);
  }
  return files;
}
