import { describe, expect, it } from 'vitest';
import { TextCoalescer } from './coalesce.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('TextCoalescer', () => {
  it('emits text pushed in one turn as one piece, in order, on the next turn', async () => {
    const out: string[] = [];
    const c = new TextCoalescer((t) => out.push(t));
    c.push('Once');
    c.push(' upon');
    expect(out).toEqual([]);
    await nextTurn();
    expect(out).toEqual(['Once upon']);
    c.push(' a time');
    await nextTurn();
    expect(out).toEqual(['Once upon', ' a time']);
  });

  it('flush emits at once, and nothing is emitted twice or lost', async () => {
    const out: string[] = [];
    const c = new TextCoalescer((t) => out.push(t));
    c.push('a');
    c.flush();
    expect(out).toEqual(['a']);
    await nextTurn();
    c.flush();
    expect(out).toEqual(['a']);
    c.push('b');
    c.push('🐱');
    c.flush();
    expect(out.join('')).toBe('ab🐱');
  });
});
