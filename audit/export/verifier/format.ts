// The export bundle's file names and JSON shapes (FORMAT.md §7). Shared by the exporter and the
// standalone verifier, so this file imports nothing.

/** Bundle format version written into proofs.json and manifest.json. */
export const BUNDLE_VERSION = 1;

/** Member names of the bundle, in the order the exporter writes them. */
export const FILES = {
  entries: 'entries.jsonl',
  checkpoint: 'checkpoint.txt',
  proofs: 'proofs.json',
  consistency: 'consistency.json',
  pubkey: 'pubkey.txt',
  verifier: 'verify.mjs',
  manifest: 'manifest.json',
} as const;

/** An RFC 6962 inclusion proof of leaf `seq`: hashes as base64, the leaf's sibling first. */
export interface ProofJSON {
  seq: number;
  path: string[];
}

/** proofs.json: one proof per exported entry against the checkpoint's tree size. */
export interface ProofsJSON {
  version: number;
  /** Tree size of checkpoint.txt. */
  tree_size: number;
  /** Exported range, from <= seq < to. */
  from: number;
  to: number;
  /**
   * When from > 0: the leaf hash (hex) of entry from - 1 and its inclusion proof, so that the
   * first exported entry's `prev` is checked against the signed tree too.
   */
  anchor: { seq: number; leaf_hash: string; path: string[] } | null;
  proofs: ProofJSON[];
}

/** consistency.json: RFC 6962 consistency proofs from earlier tree sizes to `tree_size`. */
export interface ConsistencyJSON {
  version: number;
  tree_size: number;
  proofs: { from_size: number; path: string[] }[];
}

/** manifest.json: lowercase hex SHA-256 of every other member. */
export interface ManifestJSON {
  version: number;
  files: Record<string, string>;
}

/** The fingerprint line of pubkey.txt: SHA-256 of the vkey string's UTF-8 bytes, lowercase hex. */
export const FINGERPRINT_PREFIX = 'sha256:';

/** `prev` of entry 0 (FORMAT.md §6, `GENESIS_PREV` in the store). */
export const GENESIS_PREV = '0'.repeat(64);
