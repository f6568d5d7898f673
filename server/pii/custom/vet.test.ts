import { describe, expect, it } from 'vitest';
import { checkRedos } from './redos.js';
import { MAX_PATTERN_LENGTH, vetPattern } from './vet.js';

const problem = (source: string, flags = ''): string | undefined => {
  const r = vetPattern(source, flags);
  return 'problem' in r ? r.problem : undefined;
};

describe('vetPattern', () => {
  it('accepts an identifier pattern and adds the g flag', () => {
    const r = vetPattern('\\bMRN[- ]?\\d{7}\\b', 'i');
    expect('regex' in r && r.regex.flags).toBe('gi');
  });

  it('refuses exponential backtracking with the attack and the hot spot', () => {
    const p = problem('(a+)+$');
    expect(p).toMatch(/catastrophically \(exponential\)/);
    expect(p).toMatch(/near `a`/);
    expect(p).toMatch(/an input such as 'a' \+ 'a'\.repeat\(\d+\)/);
  });

  it('refuses polynomial backtracking too (10 MiB inputs)', () => {
    expect(problem('a.*b.*c', 's')).toMatch(/3rd degree polynomial/);
    // Unanchored, `\s*,` retries from every space: quadratic on a long run of them.
    expect(problem('\\s*,\\s*')).toMatch(/2nd degree polynomial/);
    expect(problem('(?<![\\w-])\\d{3}[- ]?\\d{4}(?![\\w-])')).toBeUndefined();
  });

  it('refuses other flags, repeated flags, bad syntax, empty matches and long patterns', () => {
    expect(problem('a', 'g')).toMatch(/flag "g" is not allowed/);
    expect(problem('a', 'y')).toMatch(/flag "y" is not allowed/);
    expect(problem('a', 'ii')).toMatch(/flag "i" is repeated/);
    expect(problem('(a')).toMatch(/^invalid regular expression: Unterminated group/);
    expect(problem('a*')).toMatch(/matches empty text/);
    expect(problem('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/the limit is 500/);
  });
});

describe('checkRedos', () => {
  it('reports the complexity of a safe pattern and leaves the backend setting as it was', () => {
    const before = process.env.RECHECK_SYNC_BACKEND;
    expect(checkRedos('\\d{3}-\\d{2}', '')).toMatchObject({ safe: true });
    expect(process.env.RECHECK_SYNC_BACKEND).toBe(before);
  });
});
