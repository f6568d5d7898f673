// A PDF's outline (bookmarks, ISO 32000-2 §12.3.3) gives the headings that Markdown and Word
// give in their markup. Each entry points at a page and, for /XYZ and /FitH destinations
// (§12.3.2.2), at a height on it; text below that height belongs to the entry. The outline is
// attacker-controlled: PDF.js already refuses cycles, and this walk caps entries and depth.

/** Where an outline entry starts and the titles from the top level down to it. */
export interface OutlineMark {
  /** 1-based page. */
  readonly page: number;
  /** Height on the page in PDF units (origin bottom-left); undefined means the top. */
  readonly top?: number;
  readonly path: readonly string[];
}

/** The parts of PDF.js's document proxy this module uses. */
export interface OutlineSource {
  getOutline(): Promise<OutlineItem[] | null>;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: { num: number; gen: number }): Promise<number>;
}

interface OutlineItem {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineItem[];
}

const MAX_ENTRIES = 5_000;
const MAX_DEPTH = 16;
const MAX_TITLE = 200;

/**
 * The outline's entries in page order (top of page first). A damaged outline costs the
 * headings, never the document: any failure yields the entries read so far.
 */
export async function readOutline(doc: OutlineSource, numPages: number): Promise<OutlineMark[]> {
  const marks: OutlineMark[] = [];
  let outline: OutlineItem[] | null;
  try {
    outline = await doc.getOutline();
  } catch {
    return marks;
  }
  const work: { item: OutlineItem; parents: string[] }[] = (outline ?? [])
    .map((item) => ({ item, parents: [] }))
    .reverse();
  let seen = 0;
  for (let next = work.pop(); next !== undefined && seen < MAX_ENTRIES; next = work.pop(), seen++) {
    const { item, parents } = next;
    const title = String(item.title ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_TITLE);
    const path = title === '' ? parents : [...parents, title];
    if (title !== '') {
      const where = await resolve(doc, item.dest).catch(() => undefined);
      if (where && where.page >= 1 && where.page <= numPages) marks.push({ ...where, path });
    }
    if (path.length < MAX_DEPTH) {
      const children = Array.isArray(item.items) ? item.items : [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) work.push({ item: child, parents: path });
      }
    }
  }
  // Stable sort: entries on one page keep outline order when heights are equal or unknown.
  return marks.sort(
    (a, b) => a.page - b.page || (b.top ?? Number.POSITIVE_INFINITY) - (a.top ?? Number.POSITIVE_INFINITY),
  );
}

async function resolve(
  doc: OutlineSource,
  dest: OutlineItem['dest'],
): Promise<{ page: number; top?: number } | undefined> {
  const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
  if (!Array.isArray(explicit)) return undefined;
  const [target, kind] = explicit;
  const index =
    typeof target === 'number'
      ? target
      : target && typeof target === 'object' && 'num' in target
        ? await doc.getPageIndex(target as { num: number; gen: number })
        : undefined;
  if (index === undefined || !Number.isInteger(index)) return undefined;
  const name = (kind as { name?: string } | undefined)?.name;
  const top = name === 'XYZ' ? explicit[3] : name === 'FitH' || name === 'FitBH' ? explicit[2] : undefined;
  return { page: index + 1, ...(typeof top === 'number' && Number.isFinite(top) ? { top } : {}) };
}
