// Public surface of the audit library. Only node:crypto and these files: the offline verifier
// must run on an auditor's machine with nothing but Node >= 20.
export {
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.js';
// Audit entries (FORMAT.md §6): pure parts only; the personal-data side table is in entries/index.ts.
export {
  ACTIONS,
  ACTOR_DOMAIN,
  ACTOR_TYPES,
  type Action,
  type ActorType,
  buildDraft,
  commitPersonal,
  type EntryDraft,
  EntryError,
  type EntryErrorCode,
  generatePseudonymKey,
  isAction,
  loadOrCreatePseudonymKey,
  loadPseudonymKey,
  OBJECT_TYPES,
  type ObjectType,
  OUTCOMES,
  type Outcome,
  type PersonalDetails,
  pseudonymize,
  STORE_FIELDS,
  VOCABULARY,
  verifyCommitment,
} from './entries/index.js';
export { AuditError, type AuditErrorCode } from './errors.js';
export { Frontier, type FrontierJSON } from './frontier.js';
export { canonicalBytes, canonicalize, type JcsValue } from './jcs.js';
export {
  EMPTY_ROOT,
  HASH_SIZE,
  hashChildren,
  hashesEqual,
  hashLeaf,
  type LeafHashSource,
  subtreeRoot,
  treeRoot,
} from './merkle.js';
export { MAX_SIGNATURES, type OpenedNote, openNote, signNote } from './note.js';
export {
  ED25519_TYPE,
  ed25519Signer,
  ed25519Verifier,
  formatVerifierKey,
  type GeneratedNoteKey,
  generateNoteKey,
  type NoteSigner,
  type NoteVerifier,
  noteKeyId,
  parseVerifierKey,
  privateKeyFromSeed,
  publicKeyFromRaw,
  rawPublicKey,
} from './note-keys.js';
export { consistencyProof, inclusionProof } from './proofs.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify.js';
