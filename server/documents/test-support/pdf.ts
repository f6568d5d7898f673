import {
  type PDFContext,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFRef,
  StandardFonts,
} from 'pdf-lib';

/** A bookmark: a title, the 0-based page it points at, and the height there (/XYZ), if any. */
export interface OutlineEntry {
  title: string;
  page: number;
  top?: number;
  children?: OutlineEntry[];
}

/** The height at which line `i` of a page made by `makePdf` is drawn (its baseline). */
export const lineY = (i: number) => 780 - i * 16;

/**
 * Builds a real PDF with one page per entry, each line drawn as text (Helvetica, 12 pt, at
 * `lineY(i)`), an optional Info title and an optional outline (ISO 32000-2 §12.3.3).
 */
export async function makePdf(
  pages: readonly (readonly string[])[],
  title?: string,
  outline?: readonly OutlineEntry[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  if (title !== undefined) doc.setTitle(title);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => {
      page.drawText(line, { x: 50, y: lineY(i), size: 12, font });
    });
  }
  if (outline && outline.length > 0) {
    const root = doc.context.nextRef();
    const refs = doc.getPages().map((p) => p.ref);
    const [first, last] = addOutlineItems(doc.context, outline, root, refs);
    doc.context.assign(
      root,
      doc.context.obj({ Type: 'Outlines', First: first, Last: last, Count: outline.length }),
    );
    doc.catalog.set(PDFName.of('Outlines'), root);
  }
  return doc.save();
}

/** Writes sibling outline items as a doubly linked list under `parent`; returns first and last. */
function addOutlineItems(
  context: PDFContext,
  entries: readonly OutlineEntry[],
  parent: PDFRef,
  pages: readonly PDFRef[],
): [PDFRef, PDFRef] {
  const refs = entries.map(() => context.nextRef());
  entries.forEach((e, i) => {
    const page = pages[e.page] as PDFRef;
    const dest = context.obj([
      page,
      PDFName.of('XYZ'),
      PDFNull,
      e.top === undefined ? PDFNull : PDFNumber.of(e.top),
      PDFNull,
    ]);
    const dict = context.obj({ Title: PDFHexString.fromText(e.title), Parent: parent, Dest: dest });
    if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1] as PDFRef);
    if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1] as PDFRef);
    if (e.children && e.children.length > 0) {
      const [first, last] = addOutlineItems(context, e.children, refs[i] as PDFRef, pages);
      dict.set(PDFName.of('First'), first);
      dict.set(PDFName.of('Last'), last);
      dict.set(PDFName.of('Count'), PDFNumber.of(e.children.length));
    }
    context.assign(refs[i] as PDFRef, dict);
  });
  return [refs[0] as PDFRef, refs[refs.length - 1] as PDFRef];
}

/** A PDF with pages that hold only a drawn rectangle: what a scan without OCR looks like to a text extractor. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawRectangle({ x: 40, y: 40, width: 500, height: 700 });
  return doc.save();
}

/**
 * A PDF under the Standard Security Handler (ISO 32000-2 §7.6.4, revision 2) whose user
 * password is not empty: the /U entry matches no password we try, so readers must ask for one.
 */
export async function makePasswordPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('confidential', { x: 50, y: 700, font });
  const encrypt = doc.context.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    P: -4,
    O: PDFHexString.of('11'.repeat(32)),
    U: PDFHexString.of('22'.repeat(32)),
  });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([
    PDFHexString.of('ab'.repeat(16)),
    PDFHexString.of('ab'.repeat(16)),
  ]);
  return doc.save({ useObjectStreams: false });
}

/**
 * A one-page PDF whose content stream is `content` verbatim (Flate-compressed), with
 * Helvetica available as /F1: for text operators no drawing API would produce.
 */
export async function makeRawContentPdf(content: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.node.newFontDictionary('F1', font.ref);
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(content)));
  return doc.save();
}
