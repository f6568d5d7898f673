import type Database from 'better-sqlite3';
import { type HexSubtreeSink, MIN_CACHED_LEVEL } from './subtrees.js';

const PAGE = 1024;

/** The first proof-cache row found wrong, missing or superfluous. */
export interface CacheProblem {
  level: number;
  index: number;
  detail: string;
}

/**
 * Compares the `subtrees` table with the subtree hashes verifyIntegrity recomputes from the
 * entries. `sink` receives them in order of completion, so each level is read forward in pages:
 * bounded memory, one indexed read per PAGE rows.
 */
export class CacheCheck {
  readonly #page: Database.Statement;
  readonly #count: Database.Statement;
  readonly #extra: Database.Statement;
  /** Per level: the first idx of the loaded page and its rows' hex hashes by idx offset. */
  readonly #pages = new Map<number, { start: number; hex: (string | undefined)[] }>();
  #seen = 0;
  #problem: CacheProblem | undefined;

  constructor(db: Database.Database) {
    this.#page = db
      .prepare('SELECT idx, lower(hex(hash)) FROM subtrees WHERE level = ? AND idx >= ? AND idx < ?')
      .raw();
    this.#count = db.prepare('SELECT count(*) FROM subtrees').pluck();
    this.#extra = db
      .prepare(
        `SELECT level, idx FROM subtrees WHERE level < ${MIN_CACHED_LEVEL} OR level >= 63
           OR (idx + 1) * (1 << level) > ? ORDER BY level, idx LIMIT 1`,
      )
      .raw();
  }

  /** Receives each recomputed subtree; remembers the first disagreement. */
  readonly sink: HexSubtreeSink = (level, index, hex) => {
    this.#seen++;
    if (this.#problem) return;
    let page = this.#pages.get(level);
    if (!page || index >= page.start + PAGE) {
      page = { start: index, hex: [] };
      for (const [idx, hex] of this.#page.all(level, index, index + PAGE) as [number, string][]) {
        page.hex[idx - index] = hex;
      }
      this.#pages.set(level, page);
    }
    const stored = page.hex[index - page.start];
    if (stored === undefined) this.#problem = { level, index, detail: 'missing' };
    else if (stored !== hex) this.#problem = { level, index, detail: 'has another hash' };
  };

  /** After all `size` leaves went through `sink`: the first problem, including extra rows. */
  finish(size: number): CacheProblem | undefined {
    if (this.#problem || (this.#count.get() as number) === this.#seen) return this.#problem;
    const row = this.#extra.get(size) as [number, number] | undefined;
    // Every row in range was matched, so a surplus row must be out of range.
    const [level, index] = row ?? [MIN_CACHED_LEVEL, 0];
    return { level, index, detail: 'covers leaves the log does not have' };
  }
}
