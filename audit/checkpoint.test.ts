import { describe, expect, it } from 'vitest';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { Frontier } from './frontier.js';
import { EMPTY_ROOT, hashLeaf } from './merkle.js';
import { signNote } from './note.js';
import { ed25519Signer, generateNoteKey, parseVerifierKey } from './note-keys.js';
import { code } from './test-support/errorCode.js';

const ORIGIN = 'parley.example/audit';
const key = generateNoteKey(ORIGIN);
const signer = ed25519Signer(ORIGIN, key.privateKeyPem);
const verifier = parseVerifierKey(key.vkey);
const frontier = Frontier.fromLeafHashes(['a', 'b', 'c'].map((s) => hashLeaf(Buffer.from(s))));
const cp = { origin: ORIGIN, size: frontier.size, rootHash: frontier.root() };

describe('checkpoint body (C2SP tlog-checkpoint, "Note text")', () => {
  it('parses the example of the spec', () => {
    const parsed = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(parsed.origin).toBe('example.com/behind-the-sofa');
    expect(parsed.size).toBe(20852163);
    expect(parsed.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(parsed.extensions).toEqual([]);
  });

  it('formats three newline-terminated lines and round-trips', () => {
    const body = formatCheckpoint(cp);
    expect(body).toBe(`${ORIGIN}\n3\n${cp.rootHash.toString('base64')}\n`);
    expect(parseCheckpoint(body)).toEqual({ ...cp, extensions: [] });
    expect(formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: EMPTY_ROOT })).toBe(
      `${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`,
    );
  });

  it('keeps opaque extension lines', () => {
    expect(parseCheckpoint(`${formatCheckpoint(cp)}ext one\n`).extensions).toEqual(['ext one']);
  });

  const root = cp.rootHash.toString('base64');
  it.each([
    ['no final newline', `${ORIGIN}\n3\n${root}`],
    ['two lines', `${ORIGIN}\n3\n`],
    ['an empty origin', `\n3\n${root}\n`],
    ['a leading zero', `${ORIGIN}\n03\n${root}\n`],
    ['a signed size', `${ORIGIN}\n+3\n${root}\n`],
    ['a negative size', `${ORIGIN}\n-3\n${root}\n`],
    ['hex size', `${ORIGIN}\n0x3\n${root}\n`],
    ['an unsafe size', `${ORIGIN}\n9007199254740992\n${root}\n`],
    ['a short root', `${ORIGIN}\n3\n${cp.rootHash.subarray(1).toString('base64')}\n`],
    ['base64url root', `${ORIGIN}\n3\n${cp.rootHash.toString('base64url')}=\n`],
    ['unpadded root', `${ORIGIN}\n3\n${root.replace(/=+$/, '')}\n`],
    ['non-canonical base64 bits', `${ORIGIN}\n3\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`],
    ['an empty extension line', `${ORIGIN}\n3\n${root}\n\n`],
  ])('refuses a body with %s', (_name, body) => {
    expect(code(() => parseCheckpoint(body))).toBe('MALFORMED_CHECKPOINT');
  });

  it('refuses to format a bad origin, size or root', () => {
    expect(code(() => formatCheckpoint({ ...cp, origin: 'a b' }))).toBe('MALFORMED_CHECKPOINT');
    expect(code(() => formatCheckpoint({ ...cp, origin: '' }))).toBe('MALFORMED_CHECKPOINT');
    expect(code(() => formatCheckpoint({ ...cp, size: -1 }))).toBe('BAD_SIZE');
    expect(code(() => formatCheckpoint({ ...cp, rootHash: Buffer.alloc(31) }))).toBe('BAD_HASH');
  });
});

describe('signed checkpoints', () => {
  const signed = signCheckpoint(cp, signer);

  it('round-trips', () => {
    expect(openCheckpoint(signed, verifier, ORIGIN)).toEqual({ ...cp, extensions: [] });
  });

  it('fails when the size or root is changed', () => {
    const lines = signed.split('\n');
    const withSize = [lines[0], '4', ...lines.slice(2)].join('\n');
    const otherRoot = Buffer.from(cp.rootHash);
    otherRoot[0] = (otherRoot[0] as number) ^ 1;
    const withRoot = signed.replace(cp.rootHash.toString('base64'), otherRoot.toString('base64'));
    expect(code(() => openCheckpoint(withSize, verifier, ORIGIN))).toBe('SIGNATURE_INVALID');
    expect(code(() => openCheckpoint(withRoot, verifier, ORIGIN))).toBe('SIGNATURE_INVALID');
  });

  it('fails with the wrong key, even one with the same name', () => {
    const other = generateNoteKey(ORIGIN);
    expect(code(() => openCheckpoint(signed, parseVerifierKey(other.vkey), ORIGIN))).toBe(
      'NO_TRUSTED_SIGNATURE',
    );
  });

  it('is still verifiable with an extra unknown (e.g. witness) signature', () => {
    const witness = generateNoteKey('witness.example/w1');
    const cosigned = signNote(formatCheckpoint(cp), [
      signer,
      ed25519Signer(witness.name, witness.privateKeyPem),
    ]);
    expect(openCheckpoint(cosigned, verifier, ORIGIN).size).toBe(3);
  });

  it('fails for another origin, even when signed by the trusted key', () => {
    expect(code(() => openCheckpoint(signed, verifier, 'other.example/log'))).toBe('ORIGIN_MISMATCH');
  });

  it('refuses extension lines unless allowed', () => {
    const withExt = signNote(`${formatCheckpoint(cp)}ext\n`, [signer]);
    expect(code(() => openCheckpoint(withExt, verifier, ORIGIN))).toBe('MALFORMED_CHECKPOINT');
    expect(openCheckpoint(withExt, verifier, ORIGIN, { allowExtensions: true }).extensions).toEqual(['ext']);
  });

  it('refuses a signed note whose body is not a checkpoint', () => {
    const notCp = signNote('hello\n', [signer]);
    expect(code(() => openCheckpoint(notCp, verifier, ORIGIN))).toBe('MALFORMED_CHECKPOINT');
  });
});
