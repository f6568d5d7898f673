import { describe, expect, it } from 'vitest';
import { type DocumentError, isDocumentError, suggestedHttpStatus } from './errors.js';
import { documentMeta, hashContent } from './hash.js';
import { resolveLimits } from './limits.js';
import { parseDocument } from './parse.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

async function errorOf(p: Promise<unknown>): Promise<DocumentError | unknown> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return err;
  }
}
const codeOf = async (p: Promise<unknown>) => {
  const err = await errorOf(p);
  return isDocumentError(err) ? err.code : err;
};

describe('parseDocument', () => {
  it('reads plain text as one section', async () => {
    const doc = await parseDocument(utf8('Visiting hours\r\n\r\nFrom 2 pm   to 8 pm.\n'), {
      name: 'hours.txt',
    });
    expect(doc).toEqual({ type: 'text', sections: [{ text: 'Visiting hours\n\nFrom 2 pm to 8 pm.' }] });
  });

  it('returns frozen results', async () => {
    const doc = await parseDocument(utf8('# A\nb'), { name: 'a.md' });
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.sections)).toBe(true);
    expect(Object.isFrozen(doc.sections[0])).toBe(true);
  });

  it('refuses the 0-byte file with empty', async () => {
    expect(await codeOf(parseDocument(new Uint8Array(0), { name: 'a.pdf' }))).toBe('empty');
  });

  it('refuses a file above maxBytes with too_large before sniffing it', async () => {
    const err = await errorOf(parseDocument(utf8('x'.repeat(101)), { limits: { maxBytes: 100 } }));
    expect(isDocumentError(err, 'too_large') && err.details).toEqual({ limit: 'maxBytes', max: 100 });
    // Even bytes that would be refused as binary are refused for their size first.
    expect(await codeOf(parseDocument(Buffer.alloc(101), { limits: { maxBytes: 100 } }))).toBe('too_large');
  });

  it('refuses text that expands past maxTextChars', async () => {
    const err = await errorOf(parseDocument(utf8('word '.repeat(1000)), { limits: { maxTextChars: 1000 } }));
    expect(isDocumentError(err, 'too_large') && err.details.limit).toBe('maxTextChars');
  });

  it.each([
    ['whitespace only', '   \n\n\t  \n', 'a.txt'],
    ['blanks and a stray control character', `${' '.repeat(300)}\u0001\n`, 'a.txt'],
    ['headings only', '# A\n## B\n', 'a.md'],
    ['HTML with nothing but a script', '<script>alert(1)</script><style>p{}</style>', 'a.html'],
  ])('refuses %s with no_text', async (_what, text, name) => {
    expect(await codeOf(parseDocument(utf8(text), { name }))).toBe('no_text');
  });

  it('refuses invalid UTF-8 in every text type with invalid_encoding', async () => {
    const bad = Buffer.concat([utf8('name,ward\nM'), Buffer.from([0xfc]), utf8('ller,3\n')]);
    for (const name of ['a.txt', 'a.md', 'a.csv', 'a.html', 'noext']) {
      expect(await codeOf(parseDocument(bad, { name }))).toBe('invalid_encoding');
    }
  });

  it('stops with aborted when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await codeOf(parseDocument(utf8('hello'), { signal: controller.signal }))).toBe('aborted');
  });

  it('refuses nonsensical limits as a caller mistake (TypeError), not a document error', async () => {
    await expect(parseDocument(utf8('x'), { limits: { maxBytes: 0 } })).rejects.toThrow(TypeError);
    expect(() => resolveLimits({ maxColumns: 1.5 })).toThrow(/maxColumns/);
  });

  it('suggests an HTTP status for every code', () => {
    expect(suggestedHttpStatus.too_large).toBe(413);
    expect(suggestedHttpStatus.unsupported_type).toBe(415);
    expect(suggestedHttpStatus.bad_name).toBe(400);
    expect(Object.values(suggestedHttpStatus).every((s) => s >= 400 && s < 600)).toBe(true);
  });
});

describe('hashContent and documentMeta', () => {
  it('is the SHA-256 of the bytes (FIPS 180-4 test vector "abc")', () => {
    expect(hashContent(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('tells identical content apart from a one-byte change', () => {
    expect(hashContent(utf8('policy v1'))).toBe(hashContent(Buffer.from('policy v1')));
    expect(hashContent(utf8('policy v1'))).not.toBe(hashContent(utf8('policy v2')));
  });

  it('hashes a view, not the buffer behind it', () => {
    const big = utf8('xxabcxx');
    expect(hashContent(big.subarray(2, 5))).toBe(hashContent(utf8('abc')));
  });

  it('builds the metadata record', () => {
    expect(documentMeta(utf8('abc'), 'a.txt', 'text')).toEqual({
      sourceName: 'a.txt',
      type: 'text',
      size: 3,
      hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });
});
