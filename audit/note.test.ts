import { describe, expect, it } from 'vitest';
import { openNote, signNote } from './note.js';
import {
  ed25519Signer,
  ed25519Verifier,
  formatVerifierKey,
  generateNoteKey,
  noteKeyId,
  parseVerifierKey,
  privateKeyFromSeed,
} from './note-keys.js';
import { code } from './test-support/errorCode.js';

// golang.org/x/mod/sumdb/note, note.go package doc and note_test.go (TestOpen, ExampleSign):
// the reference implementation of C2SP signed-note. Its private-key string is
// "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", i.e. base64 of
// 0x01 || Ed25519 seed. EnochRoot's key is the one that package's GenerateKey derives from an
// all-zero seed (its example_test.go). Ed25519 is deterministic (RFC 8032), so signatures match.
const GO = {
  peterSeed: Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1),
  peterVkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  enochVkey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig:
    '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig:
    '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};
const peterSigner = ed25519Signer('PeterNeumann', privateKeyFromSeed(GO.peterSeed));
const enochSigner = ed25519Signer('EnochRoot', privateKeyFromSeed(Buffer.alloc(32)));
const peter = parseVerifierKey(GO.peterVkey);
const enoch = parseVerifierKey(GO.enochVkey);

describe('golang.org/x/mod/sumdb/note reference vectors', () => {
  it('derives the published key IDs and vkeys from the keys', () => {
    expect(peterSigner.keyId.toString('hex')).toBe('c74f20a3');
    expect(enochSigner.keyId.toString('hex')).toBe('af0cfe78');
    const raw = Buffer.from(GO.peterVkey.split('+')[2] as string, 'base64').subarray(1);
    expect(formatVerifierKey('PeterNeumann', raw)).toBe(GO.peterVkey);
    expect(noteKeyId('PeterNeumann', raw).toString('hex')).toBe('c74f20a3');
  });

  it('signs byte for byte as the reference (ExampleSign)', () => {
    expect(signNote(GO.text, [peterSigner])).toBe(`${GO.text}\n${GO.peterSig}`);
    expect(signNote(GO.text, [peterSigner, enochSigner])).toBe(`${GO.text}\n${GO.peterSig}${GO.enochSig}`);
  });

  it('opens the reference notes (TestOpen)', () => {
    const both = `${GO.text}\n${GO.peterSig}${GO.enochSig}`;
    expect(openNote(both, [peter, enoch])).toEqual({
      text: GO.text,
      verifiedBy: ['PeterNeumann', 'EnochRoot'],
      unknownSignatures: 0,
    });
    // A second, unknown signature does not stop the known one from verifying.
    expect(openNote(both, [enoch])).toEqual({
      text: GO.text,
      verifiedBy: ['EnochRoot'],
      unknownSignatures: 1,
    });
    expect(openNote(Buffer.from(both), [peter]).verifiedBy).toEqual(['PeterNeumann']);
  });
});

describe('openNote', () => {
  const note = `${GO.text}\n${GO.peterSig}`;

  it('refuses a tampered text or signature', () => {
    expect(code(() => openNote(note.replace('cryptography', 'cryptographY'), [peter]))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(code(() => openNote(note.replace('x08go/', 'x08go+'), [peter]))).toBe('SIGNATURE_INVALID');
  });

  it('requires a signature by a trusted key', () => {
    expect(code(() => openNote(note, [enoch]))).toBe('NO_TRUSTED_SIGNATURE');
    expect(code(() => openNote(note, []))).toBe('NO_TRUSTED_SIGNATURE');
  });

  it('ignores a look-alike key with the same name but another key ID, and vice versa', () => {
    const other = generateNoteKey('PeterNeumann');
    expect(code(() => openNote(note, [parseVerifierKey(other.vkey)]))).toBe('NO_TRUSTED_SIGNATURE');
    const sameIdOtherName = { ...peter, name: 'PeterNeumann2' };
    expect(code(() => openNote(note, [sameIdOtherName]))).toBe('NO_TRUSTED_SIGNATURE');
  });

  it('rejects the whole note when a trusted key signed badly, even next to a good signature', () => {
    const forged = `${GO.text}\n${GO.peterSig}${GO.enochSig.replace('WWd1', 'WWd2')}`;
    expect(code(() => openNote(forged, [peter, enoch]))).toBe('SIGNATURE_INVALID');
    // Changing the key-ID bytes instead makes it an unknown key's signature, which is ignored.
    const unknown = `${GO.text}\n${GO.peterSig}${GO.enochSig.replace('rwz+', 'rwz/')}`;
    expect(openNote(unknown, [peter, enoch])).toMatchObject({
      verifiedBy: ['PeterNeumann'],
      unknownSignatures: 1,
    });
  });

  it.each([
    ['no blank line', `${GO.text}${GO.peterSig}`],
    ['no signatures', `${GO.text}\n`],
    ['no final newline', `${GO.text}\n${GO.peterSig.slice(0, -1)}`],
    ['a hyphen instead of an em dash', `${GO.text}\n${GO.peterSig.replace('\u2014', '-')}`],
    ['an en dash', `${GO.text}\n${GO.peterSig.replace('\u2014', '\u2013')}`],
    ['two spaces', `${GO.text}\n${GO.peterSig.replace('\u2014 ', '\u2014  ')}`],
    ['a name with +', `${GO.text}\n${GO.peterSig.replace('PeterNeumann', 'Peter+Neumann')}`],
    [
      'a name with a no-break space',
      `${GO.text}\n${GO.peterSig.replace('PeterNeumann', 'Peter\u00a0Neumann')}`,
    ],
    ['no base64', `${GO.text}\n\u2014 PeterNeumann \n`],
    ['bad base64', `${GO.text}\n${GO.peterSig.replace('x08go', 'x08g!')}`],
    ['unpadded base64', `${GO.text}\n${GO.peterSig.replace('=\n', '\n')}`],
    ['a 4-byte blob', `${GO.text}\n\u2014 PeterNeumann AAAAAA==\n`],
    ['a trailing blank line', `${GO.text}\n${GO.peterSig}\n`],
    ['a carriage return', `${GO.text}\n${GO.peterSig}`.replace('\n', '\r\n')],
    ['a NUL', `a\u0000\n\n${GO.peterSig}`],
    ['a lone surrogate', `a\ud800\n\n${GO.peterSig}`],
    ['too many signature lines', `${GO.text}\n${GO.peterSig.repeat(101)}`],
  ])('rejects a note with %s as MALFORMED_NOTE', (_name, bad) => {
    expect(code(() => openNote(bad, [peter]))).toBe('MALFORMED_NOTE');
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${GO.text}\n${GO.peterSig}`)]);
    expect(code(() => openNote(bytes, [peter]))).toBe('MALFORMED_NOTE');
  });

  it('separates text from signatures at the last blank line, so texts may hold blank lines', () => {
    const key = generateNoteKey('example.com/log');
    const text = 'a\n\nb\n\n';
    const signed = signNote(text, [ed25519Signer(key.name, key.privateKeyPem)]);
    expect(openNote(signed, [parseVerifierKey(key.vkey)]).text).toBe(text);
  });
});

describe('keys', () => {
  it('generates a key whose PEM, raw and vkey forms agree', () => {
    const k = generateNoteKey('parley.example/audit');
    expect(k.publicKey.length).toBe(32);
    expect(k.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const signer = ed25519Signer(k.name, k.privateKeyPem);
    const fromPem = ed25519Verifier(k.name, k.publicKeyPem);
    const fromVkey = parseVerifierKey(k.vkey);
    expect(fromPem.keyId).toEqual(signer.keyId);
    expect(fromVkey.keyId).toEqual(signer.keyId);
    const signed = signNote('hello\n', [signer]);
    expect(openNote(signed, [fromPem]).verifiedBy).toEqual([k.name]);
  });

  it.each([
    ['an empty name', '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a wrong key ID', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['an uppercase key ID', 'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['another name', 'PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a wrong type byte', 'PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a short key', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10'],
    ['no key', 'PeterNeumann+c74f20a3'],
    ['a space in the name', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('parseVerifierKey refuses %s', (_name, vkey) => {
    expect(code(() => parseVerifierKey(vkey))).toBe('BAD_KEY');
  });

  it('refuses invalid key names and non-Ed25519 keys', () => {
    expect(code(() => generateNoteKey('a b'))).toBe('BAD_KEY');
    expect(code(() => generateNoteKey('a\nb'))).toBe('BAD_KEY');
    expect(code(() => noteKeyId('x', Buffer.alloc(31)))).toBe('BAD_KEY');
    expect(code(() => privateKeyFromSeed(Buffer.alloc(31)))).toBe('BAD_KEY');
    const k = generateNoteKey('x');
    expect(code(() => ed25519Signer('x', k.publicKeyPem))).toBe('BAD_KEY');
  });

  it('refuses to sign malformed text', () => {
    expect(code(() => signNote('no newline', [peterSigner]))).toBe('MALFORMED_NOTE');
    expect(code(() => signNote('tab\there\n', [peterSigner]))).toBe('MALFORMED_NOTE');
    expect(code(() => signNote('ok\n', []))).toBe('MALFORMED_NOTE');
  });
});
