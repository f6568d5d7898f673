import { describe, expect, it } from 'vitest';
import { type OutlineSource, readOutline } from './outline.js';

type Item = { title: string; dest: string | unknown[] | null; items: Item[] };

/** A stand-in for PDF.js's document proxy: refs are { num: page index, gen: 0 }. */
function source(outline: Item[] | null, named: Record<string, unknown[]> = {}): OutlineSource {
  return {
    getOutline: async () => outline,
    getDestination: async (id) => {
      if (id === 'boom') throw new Error('bad name tree');
      return named[id] ?? null;
    },
    getPageIndex: async (ref) => ref.num,
  };
}
const xyz = (page: number, top: number | null) => [{ num: page, gen: 0 }, { name: 'XYZ' }, null, top, null];

describe('readOutline', () => {
  it('resolves explicit and named destinations, in page order, top of page first', async () => {
    const marks = await readOutline(
      source(
        [
          { title: 'B', dest: xyz(1, 300), items: [] },
          {
            title: 'A',
            dest: 'intro',
            items: [{ title: 'A.1', dest: [0, { name: 'FitH' }, 500], items: [] }],
          },
          { title: 'C', dest: xyz(1, 600), items: [] },
        ],
        { intro: [{ num: 0, gen: 0 }, { name: 'Fit' }] },
      ),
      5,
    );
    expect(marks).toEqual([
      { page: 1, path: ['A'] },
      { page: 1, top: 500, path: ['A', 'A.1'] },
      { page: 2, top: 600, path: ['C'] },
      { page: 2, top: 300, path: ['B'] },
    ]);
  });

  it('skips entries whose destination is missing, broken or outside the document', async () => {
    const marks = await readOutline(
      source([
        { title: 'none', dest: null, items: [] },
        { title: 'broken', dest: 'boom', items: [] },
        { title: 'far', dest: xyz(99, 1), items: [] },
        { title: 'junk', dest: ['x', 'y'], items: [] },
        { title: 'ok', dest: xyz(0, null), items: [] },
      ]),
      3,
    );
    expect(marks).toEqual([{ page: 1, path: ['ok'] }]);
  });

  it('returns nothing when the outline cannot be read', async () => {
    const failing: OutlineSource = {
      ...source(null),
      getOutline: async () => Promise.reject(new Error('x')),
    };
    expect(await readOutline(failing, 1)).toEqual([]);
  });

  it('caps a hostile outline: 5,000 entries, 16 levels, 200-character titles', async () => {
    const wide = Array.from({ length: 20_000 }, (_, i) => ({
      title: `t${i}`,
      dest: xyz(0, null),
      items: [],
    }));
    expect((await readOutline(source(wide), 1)).length).toBe(5_000);
    let deep: Item = { title: 'x'.repeat(1000), dest: xyz(0, null), items: [] };
    for (let i = 0; i < 100; i++) deep = { title: `d${i}`, dest: xyz(0, null), items: [deep] };
    const marks = await readOutline(source([deep]), 1);
    expect(Math.max(...marks.map((m) => m.path.length))).toBe(16);
    const long = await readOutline(source([{ title: 'y'.repeat(1000), dest: xyz(0, null), items: [] }]), 1);
    expect(long[0]?.path[0]?.length).toBe(200);
  });
});
