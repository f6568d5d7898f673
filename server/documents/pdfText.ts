import type { ParseContext } from './context.js';

/** The part of a PDF.js text item this module reads. */
interface TextPiece {
  str?: string;
  transform?: number[];
  height?: number;
  hasEOL?: boolean;
}

/**
 * Reads a page's text stream (PDF.js `streamTextContent`) chunk by chunk, charging the text
 * budget as it goes, so that a content stream that inflates to gigabytes of text stops at the
 * limit instead of in memory. Lines end where PDF.js saw a line end; a vertical gap of more
 * than ~1.8 lines starts a paragraph.
 *
 * `tops` are the heights where outline entries start on this page (undefined: the top of the
 * page), in order down the page. The text comes back in `tops.length + 1` segments: the text
 * above the first entry, then the text under each entry. Items arrive in content-stream
 * order, which is the reading order of most documents.
 */
export async function pageText(
  stream: ReadableStream,
  ctx: ParseContext,
  tops: readonly (number | undefined)[] = [],
): Promise<string[]> {
  const reader = stream.getReader();
  // PDF.js needs a reason to cancel. Cancelling stops the reading at once; PDF.js itself
  // finishes evaluating the current page's content stream before `destroy` resolves.
  const stop = () => void reader.cancel(new Error('parsing stopped')).catch(() => {});
  ctx.signal?.addEventListener('abort', stop, { once: true });
  const segments: string[][] = [[]];
  let out = segments[0] as string[];
  let lastY: number | undefined;
  let lastHeight = 0;
  let lineEnded = false;
  // True when the next outline entry starts at or above height y (one unit of slack).
  const entryStartsAbove = (y: number | undefined) => {
    if (segments.length > tops.length) return false;
    const top = tops[segments.length - 1];
    return top === undefined || (y !== undefined && y <= top + 1);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const items = ((value as { items?: TextPiece[] }).items ?? []) as TextPiece[];
      let chars = 0;
      for (const item of items) {
        if (typeof item.str !== 'string') continue; // marked-content boundaries
        const y = item.transform?.[5];
        const height = Math.abs(item.height ?? item.transform?.[3] ?? 0);
        while (entryStartsAbove(y)) {
          out = [];
          segments.push(out);
        }
        const gap = lastY !== undefined && y !== undefined ? lastY - y : 0;
        if (lineEnded && gap > 1.8 * Math.max(height, lastHeight, 1)) out.push('\n');
        out.push(item.str);
        chars += item.str.length;
        lineEnded = item.hasEOL === true;
        if (lineEnded) out.push('\n');
        if (y !== undefined) lastY = y;
        if (height > 0) lastHeight = height;
      }
      ctx.charge(chars);
    }
    // A cancelled stream ends early and quietly: say why.
    ctx.charge(0);
  } catch (err) {
    stop();
    throw err;
  } finally {
    ctx.signal?.removeEventListener('abort', stop);
  }
  while (segments.length <= tops.length) segments.push([]);
  return segments.map((parts) => parts.join(''));
}
