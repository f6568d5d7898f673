import { describe, expect, it } from 'vitest';
import { filesFromMap, lines } from './files.js';

const split = (chunks: string[]) =>
  [...lines(chunks.map((c) => Buffer.from(c)))].map((l) => [l.line.toString(), l.unterminated]);

describe('lines over chunks', () => {
  it('keeps lines exact across chunk boundaries, empty lines included', () => {
    expect(split(['ab', 'c\nd', '\n\ne', 'f\n'])).toEqual([
      ['abc', false],
      ['d', false],
      ['', false],
      ['ef', false],
    ]);
    expect(split(['a\n', '\n'])).toEqual([
      ['a', false],
      ['', false],
    ]);
  });

  it('flags a last line without a newline, and yields nothing for nothing', () => {
    expect(split(['a\nb', 'c'])).toEqual([
      ['a', false],
      ['bc', true],
    ]);
    expect(split([])).toEqual([]);
    expect(split([''])).toEqual([]);
  });

  it('reads a member held in memory', () => {
    const f = filesFromMap(new Map([['x', Buffer.from('1\n2\n')]]));
    expect([f.has('x'), f.has('y'), f.read('y')]).toEqual([true, false, undefined]);
    expect([...lines(f.chunks('x'))].map((l) => l.line.toString())).toEqual(['1', '2']);
  });
});
