import { createContext } from './context.js';
import { parseCsv } from './csv.js';
import { parseDocx } from './docx.js';
import { DocumentError } from './errors.js';
import { parseHtml } from './html.js';
import { type DocumentLimits, resolveLimits } from './limits.js';
import { parseMarkdown } from './markdown.js';
import { parsePdf } from './pdf.js';
import { SectionBuilder } from './sections.js';
import { sniff } from './sniff.js';
import type { ParsedDocument, Section } from './types.js';

/** Longest title kept, in code points. */
const MAX_TITLE_LENGTH = 500;

/** How to parse one upload. */
export interface ParseOptions {
  /** The upload's name as given (attacker-controlled); only its extension is read, by `sniff`. */
  readonly name?: string;
  /** Overrides of the default limits. */
  readonly limits?: Partial<DocumentLimits>;
  /** Cancels parsing (a job timeout or shutdown): `aborted` at the next page, row or section. */
  readonly signal?: AbortSignal;
}

/**
 * Reads an upload into plain-text sections: checks size, sniffs the type from the content,
 * runs that format's parser and enforces the text limits. Pure: no file, network or database
 * is touched. Every expected failure is a `DocumentError` (see README.md for the codes).
 */
export async function parseDocument(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  const limits = resolveLimits(options.limits);
  if (bytes.length === 0) throw new DocumentError('empty', 'The file is empty.');
  if (bytes.length > limits.maxBytes) {
    throw new DocumentError('too_large', `The file is larger than ${limits.maxBytes} bytes.`, {
      details: { limit: 'maxBytes', max: limits.maxBytes },
    });
  }
  const ctx = createContext(limits, options.signal);
  ctx.charge(0);
  const { type, text = '' } = sniff(bytes, options.name, limits);
  let result: { title?: string; sections: Section[] };
  switch (type) {
    case 'pdf':
      result = await parsePdf(bytes, ctx);
      break;
    case 'docx':
      result = await parseDocx(bytes, ctx);
      break;
    case 'html':
      result = parseHtml(text, ctx);
      break;
    case 'markdown':
      result = parseMarkdown(text, ctx);
      break;
    case 'csv':
      result = await parseCsv(text, ctx);
      break;
    case 'text': {
      const b = new SectionBuilder(ctx);
      b.append(text);
      result = { sections: b.finish() };
      break;
    }
  }
  if (result.sections.length === 0) {
    throw new DocumentError('no_text', 'No text could be extracted from the document (is it a scan?).');
  }
  // Titles come from metadata the uploader controls: one line, capped.
  const title = [...(result.title ?? '').replace(/\s+/g, ' ').trim()].slice(0, MAX_TITLE_LENGTH).join('');
  return Object.freeze({
    type,
    ...(title ? { title } : {}),
    sections: Object.freeze(result.sections.map((s) => Object.freeze(s))),
  });
}
