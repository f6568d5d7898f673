import { describe, expect, it } from 'vitest';
import { isDocumentError } from './errors.js';
import { MAX_NAME_LENGTH, safeDocumentName } from './name.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
  return 'no error';
};

describe('safeDocumentName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeDocumentName('Hand hygiene policy (2026).pdf')).toBe('Hand hygiene policy (2026).pdf');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system32\\config\\SAM', 'SAM'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Users\\nurse\\Desktop\\rota.csv', 'rota.csv'],
    ['C:rota.csv', 'rota.csv'],
    ['uploads/../../../secret.md', 'secret.md'],
  ])('drops directory parts of %j', (input, expected) => {
    expect(safeDocumentName(input)).toBe(expected);
  });

  it('removes NUL and other control characters', () => {
    expect(safeDocumentName('a\u0000b.pdf')).toBe('ab.pdf');
    expect(safeDocumentName('rep\u0007ort\u009b.txt')).toBe('report.txt');
    expect(safeDocumentName('line\nbreak\r.md')).toBe('linebreak.md');
  });

  it('removes bidi overrides that disguise the extension (U+202E)', () => {
    const name = safeDocumentName('invoice\u202Efdp.exe');
    expect(name).toBe('invoicefdp.exe');
    expect(name.endsWith('.exe')).toBe(true);
    expect(safeDocumentName('a\u2066b\u2069c\u200Fd\uFEFF.txt')).toBe('abcd.txt');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Mu\u0308ller.txt';
    expect(safeDocumentName(decomposed)).toBe('M\u00fcller.txt');
  });

  it('caps a 500-character name at 200 code points and keeps the extension', () => {
    const name = safeDocumentName(`${'x'.repeat(500)}.pdf`);
    expect([...name].length).toBe(MAX_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('never cuts an emoji or a combining sequence in half', () => {
    const name = safeDocumentName(`${'\u{1F469}\u200D\u2695\uFE0F'.repeat(100)}.docx`);
    expect([...name].length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.endsWith('\uFE0F.docx')).toBe(true);
    // No lone surrogate: the cut fell between code points of whole graphemes.
    expect(/[\uD800-\uDFFF]/u.test(name)).toBe(false);
  });

  it('cuts a single enormous grapheme by code points instead of dropping it', () => {
    const name = safeDocumentName(`a${'\u0301'.repeat(400)}.txt`);
    expect([...name].length).toBe(MAX_NAME_LENGTH);
    // NFC first composes a + U+0301 into U+00E1.
    expect(name.startsWith('\u00e1\u0301')).toBe(true);
  });

  it('does not keep a long "extension" that is really part of the name', () => {
    const name = safeDocumentName(`${'y'.repeat(300)}.this is not an extension at all`);
    expect([...name].length).toBe(MAX_NAME_LENGTH);
    expect(name.startsWith('yyy')).toBe(true);
  });

  it.each(['', '   ', '\u0000\u0001', '../', '..', '.', 'a/..', 'dir/', '\u202E', 'C:'])(
    'refuses %j with bad_name',
    (input) => {
      expect(codeOf(() => safeDocumentName(input))).toBe('bad_name');
    },
  );
});
