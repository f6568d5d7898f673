import mammoth from 'mammoth';
import type { ParseContext } from './context.js';
import { DocumentError } from './errors.js';
import { parseHtml } from './html.js';
import type { Section } from './types.js';
import { inflateEntries, readCentralDirectory } from './zip.js';

// DOCX (ECMA-376 WordprocessingML in an OPC zip) goes through mammoth, which maps Word's
// heading styles to <h1>-<h6>; its HTML then takes the same path as uploaded HTML. mammoth
// reads the zip with JSZip, which trusts the sizes in the headers and inflates without a cap,
// so the archive is judged first by our own reader (zip.ts):
//   1. central directory: entry count, declared total size, declared ratio per entry;
//   2. every entry inflated with its output capped at the declared size (a lying header fails);
//   3. XML parts with a DTD are refused: OOXML never uses one, and entity expansion
//      ("billion laughs") is the XML form of a decompression bomb.
// Only then is mammoth given the bytes, which now inflate to at most maxUnzippedBytes.

const DOCTYPE_PATTERNS = ['<!DOCTYPE', '<!ENTITY'].flatMap((s) => [
  Buffer.from(s, 'latin1'),
  Buffer.from(s, 'utf16le'),
  Buffer.from(Buffer.from(s, 'utf16le')).swap16(),
]);

/** Sections (split at Word headings) and the first level-1 heading as title. */
export async function parseDocx(
  bytes: Uint8Array,
  ctx: ParseContext,
): Promise<{ title?: string; sections: Section[] }> {
  const entries = readCentralDirectory(bytes, ctx.limits);
  inflateEntries(bytes, entries, (entry, data) => {
    if (!/\.(xml|rels)$/i.test(entry.name) && !looksLikeXml(data)) return;
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // Case-sensitive on purpose: XML markup declarations are upper case (XML 1.0 §2.8).
    if (DOCTYPE_PATTERNS.some((p) => buf.includes(p))) {
      throw new DocumentError('corrupt', `The DOCX part ${JSON.stringify(entry.name)} declares a DTD.`);
    }
  });
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Linked images would make mammoth read files named by the document (CVE-2025-11849).
        externalFileAccess: false,
        // A style map stored inside the document is the uploader's, not ours.
        includeEmbeddedStyleMap: false,
        // Images are never read: only text is indexed.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw new DocumentError('corrupt', 'The DOCX file cannot be read as a Word document.', { cause: err });
  }
  return parseHtml(html, ctx);
}

function looksLikeXml(data: Uint8Array): boolean {
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) return true;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09))
    i++;
  return data[i] === 0x3c; // '<'
}
