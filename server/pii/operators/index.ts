/**
 * Operators: what replaces a finding at a boundary (anonymize.ts), the keyed ones (keyed.ts),
 * the pseudonym vault (vault.ts) and restoration for display, whole or streamed (restore.ts).
 */
export { type AnonymizeResult, anonymize, apply, type OperatorContext, operatorFor } from './anonymize.js';
export {
  decrypt,
  ENC_TOKEN,
  ENCRYPTION_KEY_BYTES,
  encryptValue,
  hmacHex,
  MIN_HASH_KEY_BYTES,
} from './keyed.js';
export { createStreamingRestorer, restore, type StreamingRestorer } from './restore.js';
export {
  MemoryVault,
  PLACEHOLDER,
  type PseudonymEntry,
  type PseudonymVault,
  placeholderFor,
  pseudonymKey,
} from './vault.js';
