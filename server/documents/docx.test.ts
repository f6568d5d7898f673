import mammoth from 'mammoth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isDocumentError } from './errors.js';
import { parseDocument } from './parse.js';
import { docxParts, makeDocx } from './test-support/docx.js';
import { deflatedZeros, writeZip } from './test-support/zipWriter.js';

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
}

/** A DOCX whose word/document.xml is replaced by `document`. */
const withDocument = (document: Parameters<typeof writeZip>[0][number]['data']) =>
  writeZip(docxParts([]).map((p) => (p.name === 'word/document.xml' ? { ...p, data: document } : p)));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DOCX', () => {
  it('turns Word headings into sections with paths, and tables into rows', async () => {
    const spy = vi.spyOn(mammoth, 'convertToHtml');
    const bytes = makeDocx([
      { heading: 1, text: 'Claims manual' },
      { text: 'How claims are handled.' },
      { heading: 2, text: 'Eligibility' },
      { text: 'Members after 90 days.' },
      {
        table: [
          ['Plan', 'Limit'],
          ['Basic', '1,000 EUR'],
        ],
      },
      { heading: 2, text: 'Appeals' },
      { text: 'Within 30 days.' },
    ]);
    const doc = await parseDocument(bytes, { name: 'claims.docx' });
    expect(doc).toEqual({
      type: 'docx',
      title: 'Claims manual',
      sections: [
        { text: 'How claims are handled.', heading: 'Claims manual', path: ['Claims manual'] },
        {
          text: 'Members after 90 days.\n\nPlan | Limit\nBasic | 1,000 EUR',
          heading: 'Eligibility',
          path: ['Claims manual', 'Eligibility'],
        },
        { text: 'Within 30 days.', heading: 'Appeals', path: ['Claims manual', 'Appeals'] },
      ],
    });
    // The spy sees mammoth's calls (so "not called" below means something).
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('escapes nothing and loses nothing of special characters', async () => {
    const doc = await parseDocument(makeDocx([{ text: 'a < b & "c" > d — Grüße 漢字' }]));
    expect(doc.sections[0]?.text).toBe('a < b & "c" > d — Grüße 漢字');
  });

  it('refuses a zip bomb by its declared ratio before mammoth sees it', async () => {
    const spy = vi.spyOn(mammoth, 'convertToHtml');
    const bytes = withDocument(await deflatedZeros(64 * 1024 * 1024));
    expect(bytes.length).toBeLessThan(200_000);
    expect(await codeOf(parseDocument(bytes))).toBe('zip_bomb');
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses a zip bomb whose header lies about its size before mammoth sees it', async () => {
    const spy = vi.spyOn(mammoth, 'convertToHtml');
    const bomb = await deflatedZeros(64 * 1024 * 1024);
    const bytes = withDocument({ ...bomb, size: 4096 });
    expect(await codeOf(parseDocument(bytes))).toBe('zip_bomb');
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses many moderate entries that add up past maxUnzippedBytes', async () => {
    const chunk = await deflatedZeros(900 * 1024); // under the ratio floor, ~1000:1
    const parts = docxParts([{ text: 'x' }]);
    for (let i = 0; i < 30; i++) parts.push({ name: `word/media/pad${i}.xml`, data: chunk });
    const bytes = writeZip(parts);
    const err = await parseDocument(bytes, { limits: { maxUnzippedBytes: 16 * 1024 * 1024 } }).catch(
      (e) => e,
    );
    expect(isDocumentError(err, 'zip_bomb') && err.details.limit).toBe('maxUnzippedBytes');
  });

  it('refuses XML parts with a DTD (billion laughs)', async () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>';
    expect(await codeOf(parseDocument(withDocument(lol)))).toBe('corrupt');
    // The same hidden behind UTF-16.
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(lol.replace('<?xml version="1.0"?>', ''), 'utf16le'),
    ]);
    expect(await codeOf(parseDocument(withDocument(utf16)))).toBe('corrupt');
  });

  it('refuses a package whose document part is not WordprocessingML', async () => {
    expect(await codeOf(parseDocument(withDocument('this is not xml <<<')))).toBe('corrupt');
  });

  it('never reads a file that an external image link names', async () => {
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const doc =
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}" ` +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>' +
      '<w:p><w:r><w:t>Before image.</w:t></w:r><w:r><w:drawing><wp:inline><wp:docPr id="1" name="x"/>' +
      '<a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:link="rId9"/></pic:blipFill></pic:pic>' +
      '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p></w:body></w:document>';
    const parts = docxParts([], doc);
    parts.push({
      name: 'word/_rels/document.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="file:///etc/passwd" TargetMode="External"/>' +
        '</Relationships>',
    });
    const result = await parseDocument(writeZip(parts)).catch((e: unknown) => e);
    expect(JSON.stringify(result)).not.toMatch(/root:|nologin/);
    if (!isDocumentError(result)) expect(JSON.stringify(result)).toContain('Before image.');
  });
});
