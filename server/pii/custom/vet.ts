/**
 * Vets a pattern written in the policy before it may run over user text: bounded length, only
 * the flags that change what matches (i, m, s, u; `g` is added here, `y`, `d` and `v` are
 * refused), valid JavaScript syntax, no empty match, and no catastrophic backtracking
 * (./redos.ts). Policy content is author-controlled, but authors make mistakes and a pull request
 * author may be hostile: each refusal says why.
 */
import { checkRedos } from './redos.js';

/** Longest pattern accepted (characters); identifier formats need far fewer. */
export const MAX_PATTERN_LENGTH = 500;
/** Flags a policy may set. */
export const ALLOWED_FLAGS = 'imsu';

/** A compiled pattern, or why it is refused. */
export type VetResult = { readonly regex: RegExp } | { readonly problem: string };

/** Vets and compiles `source` with `flags` (checks run cheapest first). */
export function vetPattern(source: string, flags = ''): VetResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { problem: `pattern is ${source.length} characters; the limit is ${MAX_PATTERN_LENGTH}` };
  }
  for (const [i, flag] of [...flags].entries()) {
    if (!ALLOWED_FLAGS.includes(flag)) {
      return { problem: `flag "${flag}" is not allowed (allowed: ${[...ALLOWED_FLAGS].join(', ')})` };
    }
    if (flags.indexOf(flag) !== i) return { problem: `flag "${flag}" is repeated` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, `${flags}g`);
  } catch (err) {
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return { problem: `invalid regular expression: ${reason}` };
  }
  if (new RegExp(source, flags).test('')) {
    return { problem: 'pattern matches empty text; it must match at least one character' };
  }
  const verdict = checkRedos(source, flags);
  if (!verdict.safe) return { problem: verdict.reason };
  return { regex };
}
