import { describe, expect, it } from 'vitest';
import { isDocumentError } from './errors.js';
import { parseDocument } from './parse.js';
import { pseudoRandomBytes } from './test-support/binary.js';
import { lineY, makeImageOnlyPdf, makePasswordPdf, makePdf, makeRawContentPdf } from './test-support/pdf.js';

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
}

describe('PDF', () => {
  it('reads the text layer with one section per page, numbered from 1, and the Info title', async () => {
    const bytes = await makePdf(
      [['Hand hygiene', 'Wash for 20 seconds.'], [], ['Gloves are changed between patients.']],
      'Infection control',
    );
    const doc = await parseDocument(bytes, { name: 'ic.pdf' });
    expect(doc.type).toBe('pdf');
    expect(doc.title).toBe('Infection control');
    // The empty second page yields no section; page numbers stay those of the file.
    expect(doc.sections).toEqual([
      { text: 'Hand hygiene\nWash for 20 seconds.', page: 1 },
      { text: 'Gloves are changed between patients.', page: 3 },
    ]);
  });

  it('splits pages where outline entries start and labels text with the outline path', async () => {
    const bytes = await makePdf(
      [
        ['Claims manual', 'Scope of this manual.'],
        ['Eligibility', 'Members after 90 days.', 'Appeals', 'Within 30 days.'],
        ['More on appeals.'],
      ],
      undefined,
      [
        {
          title: 'Claims manual',
          page: 0,
          children: [
            // Heights just above each heading line's baseline, as a writer would set them.
            { title: 'Eligibility', page: 1, top: lineY(0) + 12 },
            { title: 'Appeals', page: 1, top: lineY(2) + 12 },
          ],
        },
      ],
    );
    const doc = await parseDocument(bytes);
    expect(doc.sections).toEqual([
      {
        text: 'Claims manual\nScope of this manual.',
        page: 1,
        heading: 'Claims manual',
        path: ['Claims manual'],
      },
      {
        text: 'Eligibility\nMembers after 90 days.',
        page: 2,
        heading: 'Eligibility',
        path: ['Claims manual', 'Eligibility'],
      },
      { text: 'Appeals\nWithin 30 days.', page: 2, heading: 'Appeals', path: ['Claims manual', 'Appeals'] },
      { text: 'More on appeals.', page: 3, heading: 'Appeals', path: ['Claims manual', 'Appeals'] },
    ]);
  });

  it('ignores outline entries that point nowhere useful', async () => {
    const bytes = await makePdf([['Only page.']], undefined, [{ title: '   ', page: 0 }]);
    expect((await parseDocument(bytes)).sections).toEqual([{ text: 'Only page.', page: 1 }]);
  });

  it('starts a paragraph at a large vertical gap', async () => {
    const bytes = await makeRawContentPdf(
      'BT /F1 12 Tf 50 700 Td (First line) Tj 0 -14 Td (second line) Tj 0 -60 Td (New paragraph) Tj ET',
    );
    expect((await parseDocument(bytes)).sections[0]?.text).toBe('First line\nsecond line\n\nNew paragraph');
  });

  it('refuses a PDF that needs a password with encrypted', async () => {
    expect(await codeOf(parseDocument(await makePasswordPdf()))).toBe('encrypted');
  });

  it('refuses damaged PDFs with corrupt', async () => {
    const good = await makePdf([['Some text here.']]);
    const noised = Buffer.from(good);
    pseudoRandomBytes(good.length - 16, 7).copy(noised, 16);
    for (const bytes of [
      Buffer.from('%PDF-1.7\n'),
      Buffer.concat([Buffer.from('%PDF-1.7\n'), pseudoRandomBytes(5000, 3)]),
      good.subarray(0, good.length >> 1),
      noised,
    ]) {
      expect(await codeOf(parseDocument(bytes))).toBe('corrupt');
    }
  });

  it('refuses a PDF without a text layer (a scan) with no_text', async () => {
    expect(await codeOf(parseDocument(await makeImageOnlyPdf()))).toBe('no_text');
  });

  it('refuses more pages than maxPages before reading any', async () => {
    const bytes = await makePdf([['a'], ['b'], ['c']]);
    const err = await parseDocument(bytes, { limits: { maxPages: 2 } }).catch((e: unknown) => e);
    expect(isDocumentError(err, 'too_large') && err.details).toEqual({ limit: 'maxPages', max: 2 });
  });

  it('stops a page whose content stream inflates to far more text than maxTextChars', async () => {
    // 55 KB of PDF, 5,000,000 characters of text once inflated.
    const ops = `(${'a'.repeat(50)}) Tj 0 -0.03 Td `.repeat(100_000);
    const bytes = await makeRawContentPdf(`BT /F1 1 Tf 50 700 Td ${ops} ET`);
    expect(bytes.length).toBeLessThan(200_000);
    const err = await parseDocument(bytes, { limits: { maxTextChars: 100_000 } }).catch((e: unknown) => e);
    expect(isDocumentError(err, 'too_large') && err.details.limit).toBe('maxTextChars');
  });

  it('stops with aborted when the caller aborts', async () => {
    const bytes = await makePdf([['one'], ['two']]);
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    expect(await codeOf(parseDocument(bytes, { signal: controller.signal }))).toBe('aborted');
  });

  it('stops with aborted when the signal fires while parsing is under way', async () => {
    const ops = `(${'b'.repeat(50)}) Tj 0 -0.03 Td `.repeat(100_000);
    const bytes = await makeRawContentPdf(`BT /F1 1 Tf 50 700 Td ${ops} ET`);
    const controller = new AbortController();
    const signal = controller.signal;
    const parsing = parseDocument(bytes, { signal });
    queueMicrotask(() => setImmediate(() => controller.abort()));
    expect(await codeOf(parsing)).toBe('aborted');
  });
});
