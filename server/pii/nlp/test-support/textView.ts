/**
 * A minimal `TextView` for the contextual recognizers' tests and the evaluation, used until (or
 * besides) the engine's own: `text` is `original`, offsets convert by counting code points.
 */
import type { TextView } from '../../types.js';

/** Builds a `TextView` over `original` with exact UTF-16 / code point conversions. */
export function simpleTextView(original: string): TextView {
  // cp[i] = code points before UTF-16 index i; units[k] = UTF-16 index of code point k.
  const cp = new Uint32Array(original.length + 1);
  const units: number[] = [];
  let k = 0;
  for (let i = 0; i < original.length; i++) {
    cp[i] = k;
    const c = original.charCodeAt(i);
    const pair =
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < original.length &&
      (original.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    units.push(i);
    if (pair) cp[++i] = k;
    k++;
  }
  cp[original.length] = k;
  units.push(original.length);
  return {
    original,
    text: original,
    toCodePoint: (u) => cp[u] ?? k,
    toUtf16: (c) => units[c] ?? original.length,
  };
}
