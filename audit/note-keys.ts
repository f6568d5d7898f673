import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { AuditError } from './errors.js';

/** C2SP signed-note, "Signature types": 0x01 is Ed25519. The only type this library speaks. */
export const ED25519_TYPE = 0x01;

/** Something that signs note text under a key name (C2SP signed-note, "Signatures"). */
export interface NoteSigner {
  readonly name: string;
  /** 4-byte key ID, see `noteKeyId`. */
  readonly keyId: Buffer;
  sign(message: Buffer): Buffer;
}

/** A trusted key: signatures whose name and key ID both match are checked against it. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

/** Everything an operator needs to keep (private PEM) and publish (vkey, public PEM). */
export interface GeneratedNoteKey {
  name: string;
  /** 32-byte Ed25519 public key (RFC 8032). */
  publicKey: Buffer;
  publicKeyPem: string;
  /** PKCS #8 PEM. Secret. */
  privateKeyPem: string;
  /** `<name>+<hex key ID>+<base64(0x01 || public key)>`, see `formatVerifierKey`. */
  vkey: string;
}

/**
 * C2SP signed-note, "Format": key names are non-empty and contain no Unicode spaces and no
 * '+'. Control characters (\p{Cc}) are refused too: a note may contain none but newline.
 */
export function assertKeyName(name: unknown): asserts name is string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    /[\s\p{Cc}+]/u.test(name) ||
    Buffer.from(name, 'utf8').toString('utf8') !== name
  ) {
    throw new AuditError('BAD_KEY', `invalid key name ${JSON.stringify(name)}`);
  }
}

/**
 * C2SP signed-note, "Ed25519 signatures":
 * key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4].
 */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new AuditError('BAD_KEY', 'Ed25519 public key must be 32 bytes');
  const h = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(publicKey);
  return h.digest().subarray(0, 4);
}

/** The raw 32-byte form of an Ed25519 public (or private) KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new AuditError('BAD_KEY', 'not an Ed25519 key');
  const { x } = pub.export({ format: 'jwk' });
  return Buffer.from(x as string, 'base64url');
}

/** An Ed25519 KeyObject from a raw 32-byte public key. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new AuditError('BAD_KEY', 'Ed25519 public key must be 32 bytes');
  const x = Buffer.from(raw).toString('base64url');
  return loadKey(() => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }));
}

/** An Ed25519 private KeyObject from its 32-byte RFC 8032 seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new AuditError('BAD_KEY', 'Ed25519 seed must be 32 bytes');
  // PKCS #8 PrivateKeyInfo for id-Ed25519 (RFC 8410 §7) with the seed as its CurvePrivateKey.
  const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([prefix, seed]), format: 'der', type: 'pkcs8' });
}

function loadKey(load: () => KeyObject): KeyObject {
  try {
    return load();
  } catch (err) {
    throw new AuditError('BAD_KEY', 'unreadable key', { cause: err });
  }
}

/** A note signer for an Ed25519 private key (KeyObject or PKCS #8 PEM). */
export function ed25519Signer(name: string, privateKey: KeyObject | string): NoteSigner {
  const key = typeof privateKey === 'string' ? loadKey(() => createPrivateKey(privateKey)) : privateKey;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new AuditError('BAD_KEY', 'not an Ed25519 private key');
  }
  const keyId = noteKeyId(name, rawPublicKey(key));
  return { name, keyId, sign: (message) => sign(null, message, key) };
}

/** A note verifier for an Ed25519 public key (KeyObject, SPKI PEM, or raw 32 bytes). */
export function ed25519Verifier(name: string, publicKey: KeyObject | string | Uint8Array): NoteVerifier {
  let key: KeyObject;
  if (publicKey instanceof Uint8Array) key = publicKeyFromRaw(publicKey);
  else key = typeof publicKey === 'string' ? loadKey(() => createPublicKey(publicKey)) : publicKey;
  const keyId = noteKeyId(name, rawPublicKey(key));
  return {
    name,
    keyId,
    // RFC 8032 signatures are 64 bytes; anything else is refused before touching OpenSSL.
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

/** The vkey string of golang.org/x/mod/sumdb/note: `<name>+<hex key ID>+<base64(0x01 || key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = noteKeyId(name, publicKey).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]).toString('base64')}`;
}

/**
 * Parses a vkey (see `formatVerifierKey`) into a verifier. Throws `BAD_KEY` unless the name is
 * valid, the type is Ed25519, the key is 32 bytes, and the key ID is the one the name and key hash to.
 */
export function parseVerifierKey(vkey: string): NoteVerifier {
  // The name holds no '+', the hex ID neither; the base64 may, so split only twice.
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey);
  if (!m) throw new AuditError('BAD_KEY', 'malformed verifier key');
  const [, name, id, b64] = m as unknown as [string, string, string, string];
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64 || raw.length !== 33 || raw[0] !== ED25519_TYPE) {
    throw new AuditError('BAD_KEY', 'verifier key is not a base64 Ed25519 key');
  }
  const verifier = ed25519Verifier(name, raw.subarray(1));
  if (verifier.keyId.toString('hex') !== id)
    throw new AuditError('BAD_KEY', 'verifier key ID does not match');
  return verifier;
}

/** Generates a fresh Ed25519 note key for `name` (e.g. the log origin). */
export function generateNoteKey(name: string): GeneratedNoteKey {
  assertKeyName(name);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return {
    name,
    publicKey: raw,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    vkey: formatVerifierKey(name, raw),
  };
}
