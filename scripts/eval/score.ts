/**
 * Span-level scoring of a PII analyzer against labelled spans, per entity type and for groups
 * of types (micro-averaged: counts are summed, then the ratios taken).
 *
 * - strict: a prediction matches a label when type, start and end are all equal;
 * - relaxed: same type, and the overlap covers at least half of the union of the two spans
 *   (intersection / union >= 0.5).
 * Matching is one-to-one: a label is matched by at most one prediction and a prediction matches
 * at most one label (pairs are taken best overlap first), so two predictions over one name
 * count as one true positive and one false positive, never two true positives.
 *
 * F-beta is computed from counts, (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp), so it is 0 when
 * there are no true positives and null only when there is nothing at all to count.
 */

/** A labelled or predicted span (code point offsets, end exclusive). */
export interface ScoredSpan {
  readonly entity_type: string;
  readonly start: number;
  readonly end: number;
}

/** Matching mode. */
export type Mode = 'strict' | 'relaxed';

/** Counts and ratios for one type or group. Ratios are null when undefined (0 / 0). */
export interface Metrics {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly f2: number | null;
}

/** The outcome of matching one text's predictions against its labels. */
export interface Matched {
  readonly pairs: readonly { readonly gold: ScoredSpan; readonly predicted: ScoredSpan }[];
  readonly falsePositives: readonly ScoredSpan[];
  readonly falseNegatives: readonly ScoredSpan[];
}

/** Intersection over union of two spans (0 when disjoint or either is empty). */
export function overlapRatio(a: ScoredSpan, b: ScoredSpan): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return inter / union;
}

/** Matches one text's predictions to its labels, one to one. */
export function matchSpans(
  gold: readonly ScoredSpan[],
  predicted: readonly ScoredSpan[],
  mode: Mode,
): Matched {
  const candidates: { g: number; p: number; ratio: number }[] = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      if (g.entity_type !== p.entity_type) return;
      if (mode === 'strict') {
        if (g.start === p.start && g.end === p.end) candidates.push({ g: gi, p: pi, ratio: 1 });
        return;
      }
      const ratio = overlapRatio(g, p);
      if (ratio >= 0.5) candidates.push({ g: gi, p: pi, ratio });
    });
  });
  // Best overlap first; ties by position, so the result does not depend on input order.
  candidates.sort((a, b) => b.ratio - a.ratio || a.g - b.g || a.p - b.p);
  const usedGold = new Set<number>();
  const usedPred = new Set<number>();
  const pairs: { gold: ScoredSpan; predicted: ScoredSpan }[] = [];
  for (const c of candidates) {
    if (usedGold.has(c.g) || usedPred.has(c.p)) continue;
    usedGold.add(c.g);
    usedPred.add(c.p);
    pairs.push({ gold: gold[c.g] as ScoredSpan, predicted: predicted[c.p] as ScoredSpan });
  }
  return {
    pairs,
    falsePositives: predicted.filter((_, i) => !usedPred.has(i)),
    falseNegatives: gold.filter((_, i) => !usedGold.has(i)),
  };
}

/** Ratios from counts. */
export function metrics(tp: number, fp: number, fn: number): Metrics {
  const f = (beta: number): number | null => {
    const b2 = beta * beta;
    const denominator = (1 + b2) * tp + b2 * fn + fp;
    return denominator === 0 ? null : ((1 + b2) * tp) / denominator;
  };
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    f1: f(1),
    f2: f(2),
  };
}

/** Per-type counts, accumulated over texts. */
export class Tally {
  readonly #counts = new Map<string, { tp: number; fp: number; fn: number }>();

  /** Adds one text's matching. */
  add(m: Matched): void {
    for (const p of m.pairs) this.#bump(p.gold.entity_type, 'tp');
    for (const s of m.falsePositives) this.#bump(s.entity_type, 'fp');
    for (const s of m.falseNegatives) this.#bump(s.entity_type, 'fn');
  }

  #bump(type: string, key: 'tp' | 'fp' | 'fn'): void {
    const c = this.#counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    this.#counts.set(type, c);
  }

  /** Entity types seen, sorted. */
  get types(): string[] {
    return [...this.#counts.keys()].sort();
  }

  /** Metrics of one type. */
  of(type: string): Metrics {
    const c = this.#counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    return metrics(c.tp, c.fp, c.fn);
  }

  /** Micro-averaged metrics of several types (all seen types when `types` is undefined). */
  group(types?: Iterable<string>): Metrics {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const t of types ?? this.types) {
      const c = this.#counts.get(t);
      if (!c) continue;
      tp += c.tp;
      fp += c.fp;
      fn += c.fn;
    }
    return metrics(tp, fp, fn);
  }
}
