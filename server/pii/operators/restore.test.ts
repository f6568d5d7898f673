import { describe, expect, it } from 'vitest';
import { createStreamingRestorer, restore } from './restore.js';
import { MemoryVault } from './vault.js';

const vault = new MemoryVault();
vault.put({ entityType: 'PERSON', key: 'Jane Doe', value: 'Jane Doe' });
vault.put({ entityType: 'PERSON', key: 'Bob', value: 'Bob' });
vault.put({ entityType: 'EMAIL_ADDRESS', key: 'jane@example.com', value: 'jane@example.com' });

const answer =
  'Dear <PERSON_1>, I wrote to <EMAIL_ADDRESS_1> (a < b, <b>, <PERSON_9>) and told <PERSON_2>.<PERSON_1>';
const restored = 'Dear Jane Doe, I wrote to jane@example.com (a < b, <b>, <PERSON_9>) and told Bob.Jane Doe';

/** Runs `chunks` through a streaming restorer; returns what it emitted at each step. */
function stream(chunks: string[]): string[] {
  const r = createStreamingRestorer(vault);
  return [...chunks.map((c) => r.push(c)), r.end()];
}

describe('restore', () => {
  it('replaces known placeholders and leaves unknown ones and other brackets', () => {
    expect(restore(answer, vault)).toBe(restored);
    expect(restore('no placeholders', vault)).toBe('no placeholders');
  });
});

describe('createStreamingRestorer', () => {
  it('gives the same text for every single split point', () => {
    for (let i = 0; i <= answer.length; i++) {
      expect(stream([answer.slice(0, i), answer.slice(i)]).join(''), `split at ${i}`).toBe(restored);
    }
  });

  it('gives the same text for every pair of split points and character by character', () => {
    for (let i = 0; i <= answer.length; i += 3) {
      for (let j = i; j <= answer.length; j++) {
        const out = stream([answer.slice(0, i), answer.slice(i, j), answer.slice(j)]).join('');
        expect(out, `split at ${i}, ${j}`).toBe(restored);
      }
    }
    expect(stream([...answer]).join('')).toBe(restored);
  });

  it('never emits part of a placeholder or of a value', () => {
    const out = stream([...answer]);
    for (const piece of out) {
      expect(piece).not.toMatch(/<[A-Z][A-Z0-9_]*$/); // a held-back prefix is never emitted
      expect(piece).not.toMatch(/^(?:ane|ane Doe|ob)\b/); // values come whole
    }
    expect(out).toContain('Jane Doe');
  });

  it('holds a possible placeholder until it completes or cannot be one', () => {
    const r = createStreamingRestorer(vault);
    expect(r.push('Hi <PER')).toBe('Hi ');
    expect(r.push('SON_')).toBe('');
    expect(r.push('1')).toBe('');
    expect(r.push('>!')).toBe('Jane Doe!');
    expect(r.push('x <')).toBe('x ');
    expect(r.push(' y')).toBe('< y'); // a lone "<" is released by the next chunk
    expect(r.push('<a')).toBe('<a');
    expect(r.push(' <Z')).toBe(' ');
    expect(r.end()).toBe('<Z'); // and by the end of the stream
  });

  it('releases an over-long upper-case run that cannot be a placeholder', () => {
    const r = createStreamingRestorer(vault);
    const long = `<${'A'.repeat(80)}`;
    expect(r.push(long)).toBe(long);
  });
});
