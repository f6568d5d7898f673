import { DocumentError } from './errors.js';

// Decoding policy for the text formats (plain text, Markdown, HTML, CSV): UTF-8, or UTF-16
// when a byte order mark says so (Notepad's "Unicode"). Bytes that are not valid in that
// encoding are refused with `invalid_encoding` instead of being replaced with U+FFFD: a
// Windows-1252 "Müller" would otherwise be indexed as "M�ller", never found by a search,
// and cited wrongly. Re-saving the file as UTF-8 fixes it, and the error says so.

const BOM_UTF8 = [0xef, 0xbb, 0xbf];

/** The encoding a byte order mark announces, if any, and the BOM's length. */
export function bomOf(
  bytes: Uint8Array,
): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | undefined {
  if (BOM_UTF8.every((b, i) => bytes[i] === b)) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Decodes strictly (see above); throws `invalid_encoding`. */
export function decodeText(bytes: Uint8Array): string {
  const bom = bomOf(bytes);
  try {
    return new TextDecoder(bom?.encoding ?? 'utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(bom?.length ?? 0),
    );
  } catch (err) {
    throw new DocumentError(
      'invalid_encoding',
      `The file is not valid ${bom?.encoding.toUpperCase() ?? 'UTF-8'} text; save it as UTF-8 and upload it again.`,
      { cause: err },
    );
  }
}

// C0 and C1 controls (Unicode category Cc) other than tab and line feed, which includes DEL:
// never meaningful in a passage. Line ends are unified before this runs.
const CONTROLS = /[^\P{Cc}\t\n]/gu;

/**
 * The one normal form of extracted text: NFC, `\n` line ends (form feeds, vertical tabs and
 * U+2028/U+2029 included), controls removed, runs of spaces and tabs as one space, lines
 * trimmed, at most one blank line between paragraphs, no leading or trailing blank lines.
 */
export function normalizeText(s: string): string {
  return (
    s
      .normalize('NFC')
      .replace(/\r\n?|[\f\v\u2028\u2029]/g, '\n')
      .replace(CONTROLS, '')
      // Only runs and non-space blanks are replaced: most spaces are already single.
      .replace(/[^\S\n]{2,}|[^\S \n]/g, ' ')
      .replace(/ \n ?|\n /g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
