/**
 * The template pools of the synthetic set, by language. A template is used by the tuning split,
 * the held-out split, or both: about a third of the held-out split's templates are never seen
 * while tuning, so that rules cannot be fitted to the wording of the held-out sentences.
 */
import type { Locale } from './fillers.js';
import { EN, EN_NEAR_MISS } from './templates-en.js';
import { DE, DE_NEAR_MISS, FR, FR_NEAR_MISS } from './templates-eu.js';

/** Templates in three pools. */
export interface TemplatePools {
  readonly shared: readonly string[];
  readonly tuning: readonly string[];
  readonly heldout: readonly string[];
}

/** The two splits. */
export type Split = 'tuning' | 'heldout';

/** The templates of `split` for sentences in `locale`, and its near-miss templates. */
export function templatesFor(split: Split, locale: Locale): { regular: string[]; nearMiss: string[] } {
  const pools = locale === 'de' ? DE : locale === 'fr' ? FR : EN;
  const near = locale === 'de' ? DE_NEAR_MISS : locale === 'fr' ? FR_NEAR_MISS : EN_NEAR_MISS;
  return {
    regular: [...pools.shared, ...pools[split]],
    nearMiss: [...near.shared, ...near[split]],
  };
}
