import { DocumentError } from './errors.js';

/** Longest display name kept, in code points. */
export const MAX_NAME_LENGTH = 200;
/** Longest suffix still treated as an extension worth keeping when the name is cut. */
const MAX_EXTENSION_LENGTH = 16;

// Characters that change how the rest of a name is displayed or are invisible: C0/C1 controls
// (NUL included), DEL, bidirectional embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069, the marks U+200E/U+200F/U+061C; "Trojan Source", CVE-2021-42574, makes
// "invoice\u202Efdp.exe" look like "invoiceexe.pdf"), line/paragraph separators, and the
// zero-width space and BOM. ZWJ/ZWNJ (U+200C/U+200D) stay: scripts and emoji need them.
const STRIP = /[\p{Cc}\u061C\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The display name of an upload (attacker-controlled): the last path component (both `/` and
 * `\` separate, so `../../etc/passwd` and `C:\x\a.pdf` lose their directories), Unicode NFC,
 * without control, bidi-override or invisible characters, whitespace collapsed, at most
 * {@link MAX_NAME_LENGTH} code points with the extension kept. Throws `bad_name` when nothing
 * is left. The result is for display and the audit log only: nobody uses it as a path.
 */
export function safeDocumentName(name: string): string {
  let s = name.normalize('NFC').replace(STRIP, '');
  s = s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
  // A Windows drive-relative name such as "C:report.pdf".
  s = s.replace(/^[A-Za-z]:/, '');
  s = s.replace(/\s+/gu, ' ').trim();
  // Trailing dots and spaces vanish on Windows; a name of dots only means a directory.
  s = s.replace(/[. ]+$/u, '');
  if (s === '' || /^\.+$/u.test(s))
    throw new DocumentError('bad_name', 'The file name is empty once cleaned.');
  return capLength(s);
}

/** Cuts the stem at a grapheme boundary so that stem + extension fit the cap. */
function capLength(s: string): string {
  if ([...s].length <= MAX_NAME_LENGTH) return s;
  const dot = s.lastIndexOf('.');
  const ext =
    dot > 0 && s.length - dot <= MAX_EXTENSION_LENGTH && !s.slice(dot).includes(' ') ? s.slice(dot) : '';
  const room = MAX_NAME_LENGTH - [...ext].length;
  const whole = s.slice(0, s.length - ext.length);
  let stem = '';
  let used = 0;
  for (const { segment } of graphemes.segment(whole)) {
    const n = [...segment].length;
    if (used + n > room) break;
    stem += segment;
    used += n;
  }
  // One grapheme can be longer than the cap (a letter with hundreds of combining marks).
  if (stem === '') stem = [...whole].slice(0, room).join('');
  return stem.trimEnd() + ext;
}
