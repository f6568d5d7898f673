import { describe, expect, it } from 'vitest';
import { TextCoalescer } from './coalesce.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('TextCoalescer', () => {
  it('emits the first text on the next turn, in one piece and in order', async () => {
    const out: string[] = [];
    const c = new TextCoalescer((t) => out.push(t), 1_000_000);
    c.push('Once');
    c.push(' upon');
    expect(out).toEqual([]);
    await nextTurn();
    expect(out).toEqual(['Once upon']);
  });

  it('holds later text until the interval passes or flush is called, losing nothing', async () => {
    const out: string[] = [];
    // An interval no test run reaches: only flush() can emit the second piece.
    const c = new TextCoalescer((t) => out.push(t), 1_000_000);
    c.push('a');
    await nextTurn();
    c.push('b');
    c.push('🐱');
    await nextTurn();
    expect(out).toEqual(['a']);
    c.flush();
    expect(out).toEqual(['a', 'b🐱']);
    c.flush();
    await nextTurn();
    expect(out.join('')).toBe('ab🐱');
  });

  it('with a zero interval emits every turn', async () => {
    const out: string[] = [];
    const c = new TextCoalescer((t) => out.push(t), 0);
    for (const piece of ['x', 'y', 'z']) {
      c.push(piece);
      await nextTurn();
    }
    expect(out).toEqual(['x', 'y', 'z']);
  });
});
