import { writeZip, type ZipInput } from './zipWriter.js';

/** A paragraph of a generated DOCX: plain, or with a built-in heading style. */
export type DocxBlock = { heading: 1 | 2 | 3; text: string } | { text: string } | { table: string[][] };

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const para = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;

/** The parts of a minimal WordprocessingML package (ECMA-376 Part 1 and Part 2, OPC). */
export function docxParts(blocks: readonly DocxBlock[], documentXml?: string): ZipInput[] {
  const body = blocks
    .map((b) => {
      if ('table' in b) {
        const rows = b.table.map((r) => `<w:tr>${r.map((c) => `<w:tc>${para(c)}</w:tc>`).join('')}</w:tr>`);
        return `<w:tbl>${rows.join('')}</w:tbl>`;
      }
      return para(b.text, 'heading' in b ? `Heading${b.heading}` : undefined);
    })
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '</Relationships>',
    },
    {
      name: 'word/document.xml',
      data:
        documentXml ??
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    },
  ];
}

/** A real DOCX file that Word and mammoth open, generated in memory. */
export function makeDocx(blocks: readonly DocxBlock[]): Buffer {
  return writeZip(docxParts(blocks));
}
