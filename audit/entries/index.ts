// Public surface of audit entries and personal data handling. The pure parts (vocabulary, draft
// validation, pseudonyms, commitments) are re-exported from ../index.ts; the SQLite side table
// (personal.ts, erase.ts) and its KEK (kek.ts) only from here, since they need a better-sqlite3
// handle or the file system.
export {
  commitPersonal,
  MAX_PERSONAL_STRING,
  PERSONAL_FIELDS,
  type PersonalDetails,
  SALT_SIZE,
  validatePersonal,
  verifyCommitment,
} from './commitment.js';
export {
  CONTENT_WORDS,
  MAX_DETAIL_STRING,
  MAX_DETAILS,
  MEASURE_WORDS,
  SECRET_WORDS,
} from './details.js';
export { buildDraft, type DetailValue, type EntryDraft, MAX_ROLES, STORE_FIELDS } from './draft.js';
export { type ErasureResult, eraseSubject } from './erase.js';
export { EntryError, type EntryErrorCode } from './errors.js';
export {
  generateSubjectKek,
  KEK_SIZE,
  loadOrCreateSubjectKek,
  loadSubjectKek,
} from './kek.js';
export {
  applyPersonalSchema,
  openPersonal,
  type PersonalSideWrite,
  personalSideWrite,
} from './personal.js';
export {
  ACTOR_DOMAIN,
  generatePseudonymKey,
  loadOrCreatePseudonymKey,
  loadPseudonymKey,
  PSEUDONYM_KEY_SIZE,
  pseudonymize,
} from './pseudonym.js';
export {
  ACTIONS,
  ACTOR_TYPES,
  type Action,
  type ActionSpec,
  type ActorType,
  actionSpec,
  isAction,
  OBJECT_TYPES,
  type ObjectType,
  OUTCOMES,
  type Outcome,
  PSEUDONYMOUS_OBJECTS,
  VOCABULARY,
} from './vocabulary.js';
