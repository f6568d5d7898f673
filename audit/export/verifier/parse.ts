// Strict readers for the bundle's attacker-controlled JSON members: every field is checked
// before use, and base64 must be canonical (FORMAT.md §4), so one proof has one spelling.
import type { ConsistencyJSON, ManifestJSON, ProofJSON, ProofsJSON } from './format.js';

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

/** A parsed inclusion proof. */
export interface Proof {
  seq: number;
  path: Buffer[];
}

/** proofs.json, decoded. */
export interface Proofs {
  treeSize: number;
  from: number;
  to: number;
  anchor: { seq: number; leafHash: Buffer; path: Buffer[] } | null;
  bySeq: Map<number, Buffer[]>;
}

/** Parses proofs.json; throws `BundleFormatError`. */
export function parseProofs(text: string): Proofs {
  const j = obj(JSON.parse(text), 'proofs.json') as Partial<Record<keyof ProofsJSON, unknown>>;
  const from = size(j.from, 'from');
  const to = size(j.to, 'to');
  if (from > to) fail('from exceeds to');
  let anchor: Proofs['anchor'] = null;
  if (j.anchor !== null) {
    const a = obj(j.anchor, 'anchor');
    if (typeof a.leaf_hash !== 'string' || !/^[0-9a-f]{64}$/.test(a.leaf_hash)) fail('anchor leaf_hash');
    anchor = {
      seq: size(a.seq, 'anchor seq'),
      leafHash: Buffer.from(a.leaf_hash, 'hex'),
      path: path(a.path, 'anchor path'),
    };
  }
  if (!Array.isArray(j.proofs)) fail('proofs is not an array');
  const bySeq = new Map<number, Buffer[]>();
  for (const [i, p] of (j.proofs as unknown[]).entries()) {
    const e = obj(p, `proofs[${i}]`) as Partial<Record<keyof ProofJSON, unknown>>;
    const seq = size(e.seq, `proofs[${i}].seq`);
    if (bySeq.has(seq)) fail(`two proofs for seq ${seq}`);
    bySeq.set(seq, path(e.path, `proofs[${i}].path`));
  }
  return { treeSize: size(j.tree_size, 'tree_size'), from, to, anchor, bySeq };
}

/** consistency.json, decoded: proof path by earlier tree size. */
export function parseConsistency(text: string): { treeSize: number; byFromSize: Map<number, Buffer[]> } {
  const j = obj(JSON.parse(text), 'consistency.json') as Partial<Record<keyof ConsistencyJSON, unknown>>;
  if (!Array.isArray(j.proofs)) fail('proofs is not an array');
  const byFromSize = new Map<number, Buffer[]>();
  for (const [i, p] of (j.proofs as unknown[]).entries()) {
    const e = obj(p, `proofs[${i}]`);
    byFromSize.set(size(e.from_size, `proofs[${i}].from_size`), path(e.path, `proofs[${i}].path`));
  }
  return { treeSize: size(j.tree_size, 'tree_size'), byFromSize };
}

/** manifest.json, decoded: member name to lowercase hex SHA-256. */
export function parseManifest(text: string): Map<string, string> {
  const j = obj(JSON.parse(text), 'manifest.json') as Partial<Record<keyof ManifestJSON, unknown>>;
  const files = new Map<string, string>();
  for (const [name, hash] of Object.entries(obj(j.files, 'files'))) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) fail(`hash of ${name} is malformed`);
    files.set(name, hash);
  }
  return files;
}
