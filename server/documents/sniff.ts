import { DocumentError } from './errors.js';
import { type DocumentLimits, defaultDocumentLimits } from './limits.js';
import { bomOf, decodeText } from './text.js';
import type { DocumentType } from './types.js';
import { looksLikeZip, readCentralDirectory } from './zip.js';

// The type of an upload is decided by its bytes (attacker-controlled), never by its name
// alone: a renamed executable is refused however it is called. The name only chooses among
// the text formats once the bytes are known to be text, where the content cannot tell
// Markdown from plain text, or a CSV from a sentence with commas.

/** What sniffing found; `text` is the decoded content of the text formats. */
export interface Sniffed {
  readonly type: DocumentType;
  readonly text?: string;
}

const TEXT_EXTENSIONS: Readonly<Record<string, DocumentType>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  csv: 'csv',
  htm: 'html',
  html: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
};

/** Formats we know by their first bytes and do not read (executables are caught as binary below). */
const REFUSED_MAGIC: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7-Zip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x7b, 0x5c, 0x72, 0x74, 0x66], // {\rtf
];

/** OLE2 compound file: legacy .doc/.xls, and also password-protected DOCX ([MS-OFFCRYPTO] §2.3.4). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const PDF_HEADER = [...Buffer.from('%PDF-', 'latin1')];

const unsupported = (what: string) =>
  new DocumentError('unsupported_type', `This kind of file is not supported (${what}).`);

/** The document type of `bytes`; see {@link sniff}. */
export function sniffType(
  bytes: Uint8Array,
  declaredName?: string,
  limits: DocumentLimits = defaultDocumentLimits,
): DocumentType {
  return sniff(bytes, declaredName, limits).type;
}

/**
 * Decides the type by content: `%PDF-` at the start (or within the first 1024 bytes of a
 * file that is not text) → pdf; a ZIP holding `[Content_Types].xml` and
 * `word/document.xml` → docx; valid UTF-8 (or UTF-16 with a BOM) → a text type chosen by
 * the extension, else html when it starts like an HTML document, else text. Throws
 * `empty`, `unsupported_type`, `encrypted`, `invalid_encoding`, or the ZIP reader's errors.
 */
export function sniff(bytes: Uint8Array, declaredName: string | undefined, limits: DocumentLimits): Sniffed {
  if (bytes.length === 0) throw new DocumentError('empty', 'The file is empty.');
  if (startsWith(bytes, PDF_HEADER)) return { type: 'pdf' };
  if (looksLikeZip(bytes)) {
    const names = new Set(readCentralDirectory(bytes, limits).map((e) => e.name));
    if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return { type: 'docx' };
    throw unsupported('a ZIP archive that is not a Word document');
  }
  if (startsWith(bytes, OLE2)) {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)) {
      throw new DocumentError('encrypted', 'The Office document is protected by a password.');
    }
    throw unsupported('a legacy Office file; save it as .docx');
  }
  if (REFUSED_MAGIC.some((m) => startsWith(bytes, m))) throw unsupported('binary data');
  // Readers accept a PDF header anywhere in the first 1024 bytes (ISO 32000-2 §7.5.2), after
  // junk some mail gateways prepend; but a text file that merely mentions "%PDF-" stays text.
  const laterPdfHeader = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).includes(
    '%PDF-',
  );
  const bom = bomOf(bytes);
  const utf16 = bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be';
  if (!utf16 && looksBinary(bytes)) {
    if (laterPdfHeader) return { type: 'pdf' };
    throw unsupported('binary data');
  }
  let text: string;
  try {
    text = decodeText(bytes);
  } catch (err) {
    if (laterPdfHeader && !utf16) return { type: 'pdf' };
    throw err;
  }
  return { type: textType(text, declaredName), text };
}

function textType(text: string, declaredName: string | undefined): DocumentType {
  const dot = declaredName?.lastIndexOf('.') ?? -1;
  const ext = dot >= 0 ? declaredName?.slice(dot + 1).toLowerCase() : undefined;
  const byName = ext !== undefined ? TEXT_EXTENSIONS[ext] : undefined;
  if (byName) return byName;
  return /^\s*(<!doctype\s+html[\s>]|<html[\s>])/i.test(text.slice(0, 1024)) ? 'html' : 'text';
}

/**
 * Text never contains NUL and has few other C0 controls; binary formats are full of them.
 * The first 64 KiB decide; a NUL anywhere in them is enough.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colour in logs) are text.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b)
      controls++;
  }
  return controls > n / 100;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
