import { AuditError } from './errors.js';
import { assertKeyName, type NoteSigner, type NoteVerifier } from './note-keys.js';

// C2SP signed-note (https://c2sp.org/signed-note), "Format": a text ending in a newline, a
// blank line, then one or more lines "— <key name> <base64(key ID || signature)>\n".

const SIG_PREFIX = '\u2014 '; // em dash, space
/** Far above the 16 the spec says verifiers MUST accept; bounds work on hostile notes. */
export const MAX_SIGNATURES = 100;

/** A note whose signature by at least one trusted key verified. */
export interface OpenedNote {
  /** The signed text, final newline included. Trust it only because `openNote` returned. */
  text: string;
  /** Names of the trusted keys whose signatures verified, in note order. */
  verifiedBy: string[];
  /** Number of signature lines by keys the caller did not supply (ignored, per the spec). */
  unknownSignatures: number;
}

/**
 * "Signed notes MUST be valid UTF-8 and MUST NOT contain any ASCII control characters (those
 * below U+0020) other than newline." Also refuses lone surrogates, which have no UTF-8 form.
 */
function assertNoteChars(s: string, what: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a)
      throw new AuditError('MALFORMED_NOTE', `${what} contains a control character`);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff))
        throw new AuditError('MALFORMED_NOTE', `${what} is not valid Unicode`);
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      throw new AuditError('MALFORMED_NOTE', `${what} is not valid Unicode`);
    }
  }
}

/**
 * Signs `text` with every signer and returns the whole note. The text must be non-empty and
 * end in a newline; signers must have distinct (name, key ID) pairs.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteChars(text, 'note text');
  if (!text.endsWith('\n')) throw new AuditError('MALFORMED_NOTE', 'note text must end in a newline');
  if (signers.length === 0) throw new AuditError('MALFORMED_NOTE', 'a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    assertKeyName(s.name);
    const blob = Buffer.concat([s.keyId, s.sign(message)]);
    return `${SIG_PREFIX}${s.name} ${blob.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Verifies a signed note against trusted keys (C2SP signed-note, "Signatures"):
 * - signatures whose (name, key ID) match no trusted key are ignored;
 * - a signature that matches a trusted key but fails to verify rejects the whole note
 *   (`SIGNATURE_INVALID`), as the spec says clients SHOULD;
 * - at least one trusted signature must verify, else `NO_TRUSTED_SIGNATURE`;
 * - anything not in the format is `MALFORMED_NOTE`.
 * The whole `note` is attacker-controlled.
 */
export function openNote(note: string | Uint8Array, trusted: readonly NoteVerifier[]): OpenedNote {
  const s = typeof note === 'string' ? note : decodeUtf8(note);
  assertNoteChars(s, 'note');
  // "the text is separated from the signatures by the last empty line in the note".
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw new AuditError('MALFORMED_NOTE', 'no blank line before the signatures');
  const text = s.slice(0, split + 1);
  const sigBlock = s.slice(split + 2);
  if (sigBlock.length === 0 || !sigBlock.endsWith('\n')) {
    throw new AuditError('MALFORMED_NOTE', 'signature block must be non-empty and end in a newline');
  }
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new AuditError('MALFORMED_NOTE', 'too many signatures');

  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  let unknownSignatures = 0;
  for (const line of lines) {
    const { name, keyId, signature } = parseSignatureLine(line);
    const key = trusted.find((k) => k.name === name && k.keyId.equals(keyId));
    if (!key) {
      unknownSignatures++;
      continue;
    }
    if (!key.verify(message, signature)) {
      throw new AuditError('SIGNATURE_INVALID', `signature by ${name} does not verify`);
    }
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) throw new AuditError('NO_TRUSTED_SIGNATURE', 'no signature by a trusted key');
  return { text, verifiedBy, unknownSignatures };
}

function parseSignatureLine(line: string): { name: string; keyId: Buffer; signature: Buffer } {
  if (!line.startsWith(SIG_PREFIX))
    throw new AuditError('MALFORMED_NOTE', 'signature line must start with "— "');
  const rest = line.slice(SIG_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = rest.slice(0, space);
  const b64 = rest.slice(space + 1);
  try {
    if (space < 0) throw new Error('no space');
    assertKeyName(name);
  } catch (err) {
    throw new AuditError('MALFORMED_NOTE', 'signature line has no valid key name', { cause: err });
  }
  // Strict RFC 4648 §4 base64: the decoding must re-encode to the same text, so there is
  // exactly one accepted spelling of each signature.
  const blob = Buffer.from(b64, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || blob.toString('base64') !== b64 || blob.length < 5) {
    throw new AuditError('MALFORMED_NOTE', `signature by ${name} is not base64 of key ID and signature`);
  }
  return { name, keyId: blob.subarray(0, 4), signature: blob.subarray(4) };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new AuditError('MALFORMED_NOTE', 'note is not valid UTF-8', { cause: err });
  }
}
