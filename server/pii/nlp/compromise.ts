/**
 * Optional named-entity tagging by compromise (a maintained JavaScript NLP library, MIT). It
 * finds names no list holds, but costs about 35 ms per KB of text on this project's machines,
 * a hundred times the rest of the engine, so it is off by default. When enabled it runs either
 * on the whole text or only on "windows": the sentences around capitalised runs the gazetteers
 * and context rules could not explain.
 */
import type { Span } from './context.js';

/** The part of compromise's API used here (`import nlp from 'compromise'`). */
export type Compromise = (text: string) => CompromiseDoc;
interface CompromiseDoc {
  people(): CompromiseView;
  places(): CompromiseView;
  organizations(): CompromiseView;
}
interface CompromiseView {
  json(options: {
    offset: true;
    terms: false;
  }): { text: string; offset?: { start: number; length: number } }[];
}

/** Loads compromise (about 100 ms the first time). */
export async function loadCompromise(): Promise<Compromise> {
  const mod = (await import('compromise')) as unknown as { default: Compromise };
  return mod.default;
}

const TYPES: [keyof CompromiseDoc, string][] = [
  ['people', 'PERSON'],
  ['places', 'LOCATION'],
  ['organizations', 'ORGANIZATION'],
];

/** compromise's entities inside `[start, end)` of `text`, in UTF-16 offsets of `text`. */
export function compromiseSpans(
  nlp: Compromise,
  text: string,
  start: number,
  end: number,
  score: number,
): Span[] {
  const slice = text.slice(start, end);
  const doc = nlp(slice);
  const out: Span[] = [];
  for (const [method, type] of TYPES) {
    for (const m of doc[method]().json({ offset: true, terms: false })) {
      if (!m.offset) continue;
      let a = m.offset.start;
      let z = a + m.offset.length;
      // compromise's spans keep trailing punctuation ("Smith,") and possessives ("Mary's").
      while (z > a && /[\s.,;:!?)"'’]/.test(slice[z - 1] as string)) z--;
      if (/['’]s$/.test(slice.slice(a, z))) z -= 2;
      while (a < z && /[\s("'“]/.test(slice[a] as string)) a++;
      if (z - a < 2) continue;
      out.push({ type, start: start + a, end: start + z, score, rule: `${type.toLowerCase()}_compromise` });
    }
  }
  return out;
}

/**
 * Widens each `[start, end)` to its sentence (at most `reach` units either way), merges
 * overlapping windows and keeps the first `max`.
 */
export function sentenceWindows(
  text: string,
  spans: readonly [number, number][],
  reach: number,
  max: number,
): [number, number][] {
  const windows: [number, number][] = [];
  for (const [s, e] of spans) {
    let a = s;
    const floor = Math.max(0, s - reach);
    while (a > floor && !/[.!?\n]/.test(text[a - 1] as string)) a--;
    let z = e;
    const ceiling = Math.min(text.length, e + reach);
    while (z < ceiling && !/[.!?\n]/.test(text[z] as string)) z++;
    const last = windows[windows.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], z);
    else if (windows.length < max) windows.push([a, z]);
    else break;
  }
  return windows;
}
