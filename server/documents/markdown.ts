import type { ParseContext } from './context.js';
import { SectionBuilder } from './sections.js';
import type { Section } from './types.js';

// Markdown structure per CommonMark 0.31 (https://spec.commonmark.org/0.31.2/): ATX headings
// (§4.2), setext headings (§4.3), fenced code blocks (§4.5, whose '#' lines are code, not
// headings) and YAML front matter (a common extension; metadata, not content). Everything
// else is kept as written: inline markup reads fine as retrieval text. Parsing is by hand,
// line by line, with no regular expression that could backtrack on a hostile line.

/** Splits Markdown into sections by heading; the title is the first level-1 heading. */
export function parseMarkdown(text: string, ctx: ParseContext): { title?: string; sections: Section[] } {
  const b = new SectionBuilder(ctx);
  const lines = text.split(/\r\n?|\n/);
  let i = skipFrontMatter(lines);
  let fence: string | undefined;
  // Lines of the paragraph being read, for setext headings that underline all of them.
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) b.append(`${paragraph.join('\n')}\n`);
    paragraph = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = fenceMarker(line);
    if (fence !== undefined) {
      const closes =
        marker !== undefined &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        isBlank(line.trim().slice(marker.length));
      if (closes) {
        fence = undefined;
        b.append('\n');
      } else b.append(`${line}\n`);
      continue;
    }
    if (marker !== undefined) {
      flushParagraph();
      fence = marker;
      b.append('\n');
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      flushParagraph();
      b.heading(atx.level, atx.text);
      continue;
    }
    const setext = paragraph.length > 0 ? setextLevel(line) : undefined;
    if (setext !== undefined) {
      b.heading(setext, paragraph.join(' '));
      paragraph = [];
      continue;
    }
    if (isBlank(line)) {
      flushParagraph();
      b.append('\n');
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  const sections = b.finish();
  return { ...(b.title !== undefined ? { title: b.title } : {}), sections };
}

/** `# Title ##` → level 1, "Title" (§4.2): up to 3 spaces, 1-6 '#', then a space or the end. */
export function atxHeading(line: string): { level: number; text: string } | undefined {
  let p = 0;
  while (p < 3 && line[p] === ' ') p++;
  let level = 0;
  while (line[p + level] === '#') level++;
  if (level < 1 || level > 6) return undefined;
  const rest = line.slice(p + level);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') return undefined;
  let text = rest.trim();
  // An optional closing sequence of '#' preceded by a space (or making up the whole text).
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trim();
  return { level, text };
}

/** `===` → 1, `---` → 2 under a paragraph line (§4.3). */
function setextLevel(line: string): 1 | 2 | undefined {
  const t = line.trim();
  if (t === '' || line.length - line.trimStart().length > 3) return undefined;
  if ([...t].every((c) => c === '=')) return 1;
  if ([...t].every((c) => c === '-')) return 2;
  return undefined;
}

/** The opening run of a code fence: three or more '`' or '~' after up to 3 spaces (§4.5). */
function fenceMarker(line: string): string | undefined {
  const t = line.trimStart();
  if (line.length - t.length > 3) return undefined;
  const c = t[0];
  if (c !== '`' && c !== '~') return undefined;
  let n = 0;
  while (t[n] === c) n++;
  if (n < 3) return undefined;
  // A backtick fence's info string may not contain backticks.
  if (c === '`' && t.slice(n).includes('`')) return undefined;
  return c.repeat(n);
}

/** Index of the first line after a `---` ... `---` front matter block, or 0. */
function skipFrontMatter(lines: string[]): number {
  if (lines[0]?.trim() !== '---') return 0;
  // Front matter is short; a lone '---' far down is a thematic break, not its end.
  for (let i = 1; i < Math.min(lines.length, 200); i++) {
    const t = lines[i]?.trim();
    if (t === '---' || t === '...') return i + 1;
  }
  return 0;
}

function isBlank(s: string): boolean {
  return s.trim() === '';
}
