/**
 * The gazetteer hold-out rule, shared by the gazetteer build and the evaluation.
 *
 * The names and cities in Parley's gazetteers come from the same sources (faker's locale data,
 * compromise's lexicon) that the synthetic evaluation draws from. Scoring a gazetteer on names
 * taken from that very gazetteer would overstate recall: a real patient's name is often in no
 * list. So a fixed fifth of the open-class entries (first names, last names, cities), chosen by a
 * hash of the entry, is left out of the shipped gazetteers; the evaluation therefore contains
 * out-of-gazetteer names at about that rate and reports them separately.
 */

/** One in `HOLDOUT_MODULUS` open-class entries is left out of the gazetteers. */
export const HOLDOUT_MODULUS = 5;

/** 32-bit FNV-1a over the UTF-16 units of `s`: small, stable across runs and platforms. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** True when `entry` (any case) belongs to the held-out fifth and is absent from the gazetteers. */
export function isHeldOutEntry(entry: string): boolean {
  return fnv1a(entry.toLowerCase()) % HOLDOUT_MODULUS === 0;
}
