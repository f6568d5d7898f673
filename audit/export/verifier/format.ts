// The export bundle's file names and JSON shapes (FORMAT.md §7). Shared by the exporter and the
// standalone verifier, so this file imports nothing.

/**
 * Bundle format version written into proofs.json, consistency.json and manifest.json.
 * 2: one compact range proof instead of one inclusion proof per entry; report.csv/report.html.
 */
export const BUNDLE_VERSION = 2;

/** Member names of the bundle, in the order the exporter writes them. */
export const FILES = {
  entries: 'entries.jsonl',
  reportCsv: 'report.csv',
  reportHtml: 'report.html',
  checkpoint: 'checkpoint.txt',
  proofs: 'proofs.json',
  consistency: 'consistency.json',
  pubkey: 'pubkey.txt',
  verifier: 'verify.mjs',
  manifest: 'manifest.json',
} as const;

/** proofs.json: the range proof of the exported entries against the checkpoint's tree. */
export interface ProofsJSON {
  version: number;
  /** Tree size of checkpoint.txt. */
  tree_size: number;
  /** Exported range, from <= seq < to. */
  from: number;
  to: number;
  /**
   * When from > 0: the leaf hash (hex) of entry from - 1. It is the first leaf of the proven
   * range, so the first exported entry's `prev` is bound to the signed tree too.
   */
  anchor: { seq: number; leaf_hash: string } | null;
  /** FORMAT.md §7.3 RANGE nodes for [from - 1 or 0, to), base64, left to right. */
  range_proof: string[];
}

/** consistency.json: RFC 6962 consistency proofs from earlier tree sizes to `tree_size`. */
export interface ConsistencyJSON {
  version: number;
  tree_size: number;
  /** Sorted by from_size, each 0 < from_size < tree_size, no duplicates. */
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
