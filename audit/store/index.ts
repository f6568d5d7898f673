// Public surface of the audit store. Kept apart from `audit/index.ts` on purpose: the store
// needs better-sqlite3, and the pure library must stay importable by the offline verifier with
// nothing but Node >= 20.

export type { Appended } from './append.js';
export { type AppendBenchmark, benchmarkAppends } from './bench.js';
export type { CheckpointSigner, StoredCheckpoint } from './checkpoint.js';
export { type Clock, ENTRY_VERSION, GENESIS_PREV } from './entry.js';
export { AuditStoreError, type AuditStoreErrorCode } from './errors.js';
export type { IntegrityFailure, IntegrityOptions, IntegrityResult } from './integrity.js';
export { SCHEMA_VERSION } from './schema.js';
export type { SideWrite } from './side-write.js';
export {
  AuditStore,
  type AuditStoreOptions,
  type AuditStoreStats,
  openAuditStore,
  type StoredEntry,
} from './store.js';
