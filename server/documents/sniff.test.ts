import { describe, expect, it } from 'vitest';
import { isDocumentError } from './errors.js';
import { resolveLimits } from './limits.js';
import { sniffType } from './sniff.js';
import { makeExeHeader, makePng, pseudoRandomBytes } from './test-support/binary.js';
import { makeDocx } from './test-support/docx.js';
import { makePdf } from './test-support/pdf.js';
import { writeZip } from './test-support/zipWriter.js';

const codeOf = (fn: () => unknown) => {
  try {
    return `no error: ${String(fn())}`;
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
};
const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('sniffType: the content decides', () => {
  it('finds a PDF by its header, whatever the name says', async () => {
    const pdf = await makePdf([['hello']]);
    expect(sniffType(pdf, 'notes.txt')).toBe('pdf');
    expect(sniffType(pdf, 'table.csv')).toBe('pdf');
    expect(sniffType(pdf)).toBe('pdf');
  });

  it('finds a PDF header behind prepended junk, but not in a text that mentions it', async () => {
    const pdf = await makePdf([['hello']]);
    const junk = Buffer.concat([Buffer.from([0x80, 0x81, 0x00, 0x0a]), Buffer.from(pdf)]);
    expect(sniffType(junk, 'a.pdf')).toBe('pdf');
    expect(sniffType(utf8('Every file starts with\n%PDF-1.7 and a binary comment.\n'), 'notes.md')).toBe(
      'markdown',
    );
  });

  it('finds a DOCX by the parts inside the zip, whatever the name says', () => {
    const docx = makeDocx([{ text: 'hello' }]);
    expect(sniffType(docx, 'report.pdf')).toBe('docx');
    expect(sniffType(docx)).toBe('docx');
  });

  it.each([
    ['a PNG named .pdf', makePng(), 'scan.pdf'],
    ['an executable named .docx', makeExeHeader(), 'policy.docx'],
    ['an executable named .txt', makeExeHeader(), 'readme.txt'],
    ['random bytes named .md', pseudoRandomBytes(4096), 'notes.md'],
    [
      'a ZIP of other files named .docx',
      writeZip([{ name: 'payload.exe', data: makeExeHeader() }]),
      'a.docx',
    ],
    [
      'an XLSX (a ZIP without word/document.xml)',
      writeZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
      ]),
      'sheet.docx',
    ],
    ['gzip data', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x41]), 'a.csv'],
    ['RTF (text markup we do not read)', utf8('{\\rtf1\\ansi Hello}'), 'letter.txt'],
    [
      'a legacy .doc (OLE2)',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]),
      'a.doc',
    ],
  ])('refuses %s as unsupported_type', (_what, bytes, name) => {
    expect(codeOf(() => sniffType(bytes, name))).toBe('unsupported_type');
  });

  it('recognises a password-protected Office file (OLE2 with an EncryptedPackage stream)', () => {
    const ole = Buffer.concat([
      Buffer.from('d0cf11e0a1b11ae1', 'hex'),
      Buffer.alloc(200),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect(codeOf(() => sniffType(ole, 'salaries.docx'))).toBe('encrypted');
  });

  it('refuses the empty file', () => {
    expect(codeOf(() => sniffType(new Uint8Array(0), 'a.txt'))).toBe('empty');
  });
});

describe('sniffType: the name only chooses among text types', () => {
  it.each([
    ['notes.md', 'markdown'],
    ['NOTES.MARKDOWN', 'markdown'],
    ['ward.csv', 'csv'],
    ['page.html', 'html'],
    ['page.htm', 'html'],
    ['plain.txt', 'text'],
    ['no-extension', 'text'],
    ['image.png', 'text'],
    [undefined, 'text'],
  ])('valid UTF-8 named %s is %s', (name, type) => {
    expect(sniffType(utf8('Wash hands, then dry.'), name)).toBe(type);
  });

  it('recognises an HTML document without an extension by its start', () => {
    expect(sniffType(utf8('\n  <!DOCTYPE html><p>x</p>'))).toBe('html');
    expect(sniffType(utf8('<html lang="en"><body>x</body></html>'), 'export')).toBe('html');
    expect(sniffType(utf8('<p>a fragment is text unless named .html</p>'))).toBe('text');
  });

  it('accepts UTF-8 with a BOM and UTF-16 with a BOM as text', () => {
    expect(sniffType(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('a,b\n1,2\n')]), 'x.csv')).toBe(
      'csv',
    );
    expect(
      sniffType(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Titel\n', 'utf16le')]), 'x.md'),
    ).toBe('markdown');
  });

  it('refuses text that is not valid UTF-8 with invalid_encoding (Windows-1252 "Müller")', () => {
    const latin1 = Buffer.from('Patient: M\u00fcller, Station 3\n', 'latin1');
    expect(codeOf(() => sniffType(latin1, 'list.txt'))).toBe('invalid_encoding');
    expect(codeOf(() => sniffType(latin1, 'list.csv'))).toBe('invalid_encoding');
    // A truncated multi-byte sequence at the very end, and an overlong encoding of '/'.
    expect(codeOf(() => sniffType(Buffer.concat([utf8('abc'), Buffer.from([0xe2, 0x82])]), 'a.md'))).toBe(
      'invalid_encoding',
    );
    expect(codeOf(() => sniffType(Buffer.from([0x61, 0xc0, 0xaf, 0x62]), 'a.txt'))).toBe('invalid_encoding');
  });

  it('refuses UTF-16 whose surrogates do not pair', () => {
    const bad = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x41, 0x00])]);
    expect(codeOf(() => sniffType(bad, 'a.txt'))).toBe('invalid_encoding');
  });

  it('applies the zip entry limit while sniffing', () => {
    const many = writeZip(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.xml`, data: '<a/>' })));
    expect(codeOf(() => sniffType(many, 'a.docx', resolveLimits({ maxZipEntries: 10 })))).toBe('zip_bomb');
  });
});
