import { AuditError } from './errors.js';
import { assertHash, assertSize, HASH_SIZE } from './merkle.js';
import { openNote, signNote } from './note.js';
import { assertKeyName, type NoteSigner, type NoteVerifier } from './note-keys.js';

// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint), "Note text":
//   <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n...]

/** A tree head: which log, how many leaves, and the RFC 6962 root of those leaves. */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Opaque extension lines ("NOT RECOMMENDED"); this library never writes any. */
  extensions: string[];
}

/**
 * Formats a checkpoint body. The origin must satisfy the spec's SHOULD (no Unicode spaces, no
 * '+'), so that it can double as the note key name, as "Signatures" recommends.
 */
export function formatCheckpoint(cp: { origin: string; size: number; rootHash: Uint8Array }): string {
  try {
    assertKeyName(cp.origin);
  } catch (err) {
    throw new AuditError('MALFORMED_CHECKPOINT', 'origin must be a valid key name', { cause: err });
  }
  assertSize(cp.size, 'tree size');
  assertHash(cp.rootHash, 'root hash');
  return `${cp.origin}\n${cp.size}\n${Buffer.from(cp.rootHash).toString('base64')}\n`;
}

/**
 * Parses a checkpoint body (the note text, final newline included). The body is
 * attacker-controlled until its note signature has been verified; `openCheckpoint` does both.
 */
export function parseCheckpoint(text: string): Checkpoint {
  const bad = (why: string): never => {
    throw new AuditError('MALFORMED_CHECKPOINT', why);
  };
  if (!text.endsWith('\n')) bad('checkpoint must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) bad('checkpoint needs origin, size and root hash lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  // 1. origin: non-empty (MUST). Its shape is not assumed, per the spec.
  if (origin.length === 0) bad('origin is empty');
  // 2. tree size: ASCII decimal, no leading zeroes unless it is 0.
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) bad('tree size is not canonical decimal');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) bad('tree size is too large');
  // 3. root hash: base64 (RFC 4648 §4) of a 32-byte SHA-256 root, one canonical spelling only.
  const rootHash = Buffer.from(rootLine, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rootLine) || rootHash.toString('base64') !== rootLine) {
    bad('root hash is not canonical base64');
  }
  if (rootHash.length !== HASH_SIZE) bad(`root hash is not ${HASH_SIZE} bytes`);
  // 4. extension lines, if any, MUST be non-empty.
  if (extensions.some((l) => l.length === 0)) bad('empty extension line');
  return { origin, size, rootHash, extensions };
}

/** Signs a checkpoint body as a note (C2SP tlog-checkpoint, "Signatures"). */
export function signCheckpoint(
  cp: { origin: string; size: number; rootHash: Uint8Array },
  signer: NoteSigner,
): string {
  return signNote(formatCheckpoint(cp), [signer]);
}

/**
 * Verifies a signed checkpoint: the note must carry a valid signature by `logKey` (other
 * signers, e.g. witnesses, are ignored), the body must parse, and its origin must equal
 * `expectedOrigin`. Extension lines are refused unless `allowExtensions` is set, because this
 * log never writes them and a verifier cannot audit them.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  logKey: NoteVerifier,
  expectedOrigin: string,
  options: { allowExtensions?: boolean } = {},
): Checkpoint {
  const { text } = openNote(note, [logKey]);
  const cp = parseCheckpoint(text);
  if (cp.origin !== expectedOrigin) {
    throw new AuditError('ORIGIN_MISMATCH', `checkpoint is for ${JSON.stringify(cp.origin)}`);
  }
  if (cp.extensions.length > 0 && !options.allowExtensions) {
    throw new AuditError('MALFORMED_CHECKPOINT', 'unexpected extension lines');
  }
  return cp;
}
