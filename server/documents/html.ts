import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import type { ParseContext } from './context.js';
import { SectionBuilder } from './sections.js';
import type { Section } from './types.js';

type Node = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

// HTML is parsed with parse5, which follows the WHATWG parsing algorithm, so markup tricks
// that confuse regex strippers (`<scr<script>ipt>`, unclosed comments, CDATA) are read the
// way a browser reads them. Only text nodes ever reach the output: attributes (onerror=,
// href="javascript:...", style) are never read, and the subtrees below are dropped whole.
// A template's content lives in a separate fragment that this walk never visits.

/** Elements whose content is code, not prose, or is not shown to a reader. */
const DROPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'select',
  'datalist',
  'textarea',
  'head',
]);
/** Elements that end a paragraph (HTML Living Standard §4.4 grouping content, §4.3 sections). */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'legend',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'ul',
  'html',
]);
/** Elements that end a line but not a paragraph. */
const LINES = new Set(['li', 'dt', 'dd', 'tr', 'br']);
const CELLS = new Set(['td', 'th']);

/** Extracts sections (split at h1-h6) and the `<title>` from an HTML string. */
export function parseHtml(html: string, ctx: ParseContext): { title?: string; sections: Section[] } {
  const doc = parse(html);
  const b = new SectionBuilder(ctx);
  const title = textOf(findTitle(doc.childNodes));
  let heading: { level: number; parts: string[] } | undefined;
  let pre = 0;
  // Cells seen in each open table row, to put ' | ' between cells (never a scan of siblings:
  // a hostile row may hold a million cells).
  const rows: number[] = [];
  // Inside a cell, paragraphs are words of one row (Word puts a <p> in every cell).
  let cells = 0;
  const breakFor = (tag: string) => (cells > 0 ? ' ' : BLOCKS.has(tag) ? '\n\n' : '\n');
  const emit = (s: string) => (heading ? heading.parts.push(s) : b.append(s));
  // An explicit stack: a hostile page may nest elements 100,000 deep.
  const work: { node: Node; exit: boolean }[] = doc.childNodes
    .map((node) => ({ node, exit: false }))
    .reverse();
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    const { node, exit } = item;
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterTypes.TextNode).value;
      // Source line breaks are layout, not content, except inside <pre>.
      emit(pre > 0 ? value : value.replace(/\s+/g, ' '));
      continue;
    }
    if (!('tagName' in node)) continue; // comments and the doctype
    const tag = node.tagName;
    if (!exit && (DROPPED.has(tag) || node.attrs.some((a) => a.name === 'hidden'))) continue;
    const level = /^h[1-6]$/.test(tag) ? Number(tag[1]) : 0;
    if (exit) {
      if (level > 0 && heading) {
        b.heading(heading.level, heading.parts.join(''));
        heading = undefined;
      } else if (BLOCKS.has(tag) || LINES.has(tag)) emit(breakFor(tag));
      if (tag === 'pre') pre--;
      if (CELLS.has(tag)) cells--;
      if (tag === 'tr') rows.pop();
      continue;
    }
    if (level > 0 && !heading) heading = { level, parts: [] };
    else if (BLOCKS.has(tag)) emit(breakFor(tag));
    else if (CELLS.has(tag) && rows.length > 0) {
      if ((rows[rows.length - 1] ?? 0) > 0) emit(' | ');
      rows[rows.length - 1] = (rows[rows.length - 1] ?? 0) + 1;
    }
    if (tag === 'pre') pre++;
    if (tag === 'tr') rows.push(0);
    if (CELLS.has(tag)) cells++;
    work.push({ node, exit: true });
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (child) work.push({ node: child, exit: false });
    }
  }
  const sections = b.finish();
  const t = title || b.title;
  return { ...(t ? { title: t } : {}), sections };
}

/** The first `<title>` in the document's head (breadth-first over the top two levels). */
function findTitle(nodes: Node[]): Element | undefined {
  for (const n of nodes) {
    if (!('tagName' in n)) continue;
    if (n.tagName === 'title') return n;
    if (n.tagName === 'html' || n.tagName === 'head') {
      const found = findTitle(n.childNodes);
      if (found) return found;
    }
  }
  return undefined;
}

function textOf(el: Element | undefined): string {
  if (!el) return '';
  return el.childNodes
    .map((n) => (n.nodeName === '#text' ? (n as DefaultTreeAdapterTypes.TextNode).value : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
