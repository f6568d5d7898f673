import { createPrivateKey, type KeyObject } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ed25519Signer,
  ed25519Verifier,
  formatVerifierKey,
  generateNoteKey,
  type NoteSigner,
  type NoteVerifier,
  rawPublicKey,
} from '../../audit/index.js';
import { AppError } from '../errors.js';

/** Where a data directory keeps its audit log and the log's signing key. */
export function auditPaths(dataDir: string): {
  db: string;
  signingKey: string;
  pseudonymKey: string;
  subjectKek: string;
} {
  // The keys are files beside, never inside, the audit database: a copy of audit.db alone
  // reveals neither who the pseudonyms are nor any sealed personal detail.
  return {
    db: path.join(dataDir, 'audit.db'),
    signingKey: path.join(dataDir, 'audit-signing.key'),
    pseudonymKey: path.join(dataDir, 'audit-pseudonym.key'),
    subjectKek: path.join(dataDir, 'audit-subject.kek'),
  };
}

/** The log's identity: C2SP checkpoint origin `<appliance id>/audit`, also the key name. */
export function auditOrigin(applianceId: string): string {
  return `${applianceId}/audit`;
}

/** The checkpoint signing key, its verifier and its public vkey. */
export interface AuditKey {
  signer: NoteSigner;
  verifier: NoteVerifier;
  vkey: string;
}

/**
 * Loads the Ed25519 checkpoint-signing key, generating it (PKCS #8 PEM, mode 0600, never
 * overwriting) the first time, which is installation. A key file that group or others can
 * read or write is refused: whoever holds the key could sign a rewritten history.
 */
export function loadOrCreateAuditKey(file: string, origin: string): AuditKey {
  let pem: string;
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || (st.mode & 0o077) !== 0) {
        throw new AppError(
          'config_invalid',
          `Audit signing key ${file} must be a regular file with mode 0600.`,
        );
      }
      pem = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const generated = generateNoteKey(origin);
    writeFileSync(file, generated.privateKeyPem, { mode: 0o600, flag: 'wx' });
    pem = generated.privateKeyPem;
  }
  const key: KeyObject = createPrivateKey(pem);
  const publicKey = rawPublicKey(key);
  return {
    signer: ed25519Signer(origin, key),
    verifier: ed25519Verifier(origin, publicKey),
    vkey: formatVerifierKey(origin, publicKey),
  };
}
