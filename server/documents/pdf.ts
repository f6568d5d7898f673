import { getResolvedPDFJS } from 'unpdf';
import type { ParseContext } from './context.js';
import { DocumentError } from './errors.js';
import { type OutlineMark, type OutlineSource, readOutline } from './outline.js';
import { pageText } from './pdfText.js';
import { normalizeText } from './text.js';
import type { Section } from './types.js';

// PDF text comes from PDF.js (Mozilla), in the serverless build that unpdf ships: one ES
// module with the worker inlined, so it runs in-process ("fake worker"), needs no worker
// file, no canvas and no native addon, and bundles with esbuild. Only the text layer is read
// (ISO 32000-2 §9.10): a scanned page has none and yields `no_text`; OCR is out of scope.

/**
 * Sections per page (numbered from 1), split further where outline entries start, each with
 * the outline path in force; and the Info dictionary's Title. Throws
 * `encrypted` (a password is needed), `corrupt`, `too_large` (pages or text) or `aborted`.
 */
export async function parsePdf(
  bytes: Uint8Array,
  ctx: ParseContext,
): Promise<{ title?: string; sections: Section[] }> {
  const { getDocument } = await getResolvedPDFJS();
  const task = getDocument({
    // A copy: PDF.js may take ownership of (detach) the buffer it is given.
    data: new Uint8Array(bytes),
    // No eval-compiled font code (CVE-2024-4367), no system or remote fonts, no URLs at all:
    // nothing outside the bytes is ever read.
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    throw translate(err);
  }
  try {
    if (doc.numPages > ctx.limits.maxPages) {
      throw new DocumentError('too_large', `The PDF has ${doc.numPages} pages, more than the limit allows.`, {
        details: { limit: 'maxPages', max: ctx.limits.maxPages },
      });
    }
    const marks = await readOutline(doc as unknown as OutlineSource, doc.numPages);
    const sections: Section[] = [];
    // The outline path in force at the top of the current page.
    let current: readonly string[] = [];
    let m = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      ctx.charge(0); // between pages: honour an abort even when pages hold no text
      const onPage: OutlineMark[] = [];
      for (; m < marks.length && (marks[m]?.page ?? 0) <= n; m++) onPage.push(marks[m] as OutlineMark);
      const page = await doc.getPage(n);
      const tops = onPage.map((mark) => mark.top);
      const segments = await pageText(page.streamTextContent(), ctx, tops);
      page.cleanup();
      segments.forEach((raw, j) => {
        const text = normalizeText(raw);
        const path = j === 0 ? current : (onPage[j - 1]?.path ?? current);
        if (text === '') return;
        sections.push({ text, page: n, ...(path.length > 0 ? { heading: path.at(-1), path } : {}) });
      });
      current = onPage.at(-1)?.path ?? current;
    }
    const title = await readTitle(doc);
    return { ...(title ? { title } : {}), sections };
  } catch (err) {
    throw translate(err);
  } finally {
    await doc.destroy();
  }
}

async function readTitle(doc: { getMetadata(): Promise<{ info: unknown }> }): Promise<string | undefined> {
  try {
    const { info } = await doc.getMetadata();
    const t = (info as { Title?: unknown } | undefined)?.Title;
    // Attacker-controlled metadata: a string, trimmed and capped.
    return typeof t === 'string' && t.trim() !== '' ? t.replace(/\s+/g, ' ').trim().slice(0, 500) : undefined;
  } catch {
    return undefined; // a damaged Info dictionary costs the title, not the document
  }
}

/** Maps PDF.js exceptions (by name: the classes live inside the bundle) to document errors. */
function translate(err: unknown): unknown {
  if (err instanceof DocumentError) return err;
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') {
    return new DocumentError('encrypted', 'The PDF is protected by a password.', { cause: err });
  }
  return new DocumentError('corrupt', 'The PDF file is damaged or not a PDF.', { cause: err });
}
