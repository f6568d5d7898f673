import { describe, expect, it } from 'vitest';
import { Frontier, type FrontierJSON } from './frontier.js';
import {
  EMPTY_ROOT,
  hashChildren,
  hashesEqual,
  hashLeaf,
  isPowerOfTwo,
  splitPoint,
  treeRoot,
} from './merkle.js';
import { code } from './test-support/errorCode.js';
import { LEAVES, ROOTS } from './test-support/rfc6962-vectors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const leafHashes = LEAVES.map(hashLeaf);

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree as SHA-256("") (RFC 6962 §2.1)', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(treeRoot(() => Buffer.alloc(32), 0))).toBe(hex(EMPTY_ROOT));
  });

  it('leaf hash of "" is SHA-256(0x00) = the size-1 root of the reference tree', () => {
    expect(hex(hashLeaf(Buffer.alloc(0)))).toBe(ROOTS[0]);
  });

  it('uses distinct leaf and node prefixes', () => {
    const a = Buffer.alloc(32, 1);
    expect(hex(hashLeaf(Buffer.concat([a, a])))).not.toBe(hex(hashChildren(a, a)));
  });

  it('reproduces the reference roots for sizes 1..8 (transparency-dev/merkle proof/verify_test.go)', () => {
    for (let n = 1; n <= 8; n++) {
      expect(hex(treeRoot((i) => leafHashes[i] as Buffer, n))).toBe(ROOTS[n - 1]);
    }
  });

  it('splits at the largest power of two smaller than n, beyond 32 bits too', () => {
    expect([2, 3, 4, 5, 8, 9].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8]);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect([0, 1, 2, 3, 4, 6, 2 ** 40, 2 ** 40 + 2].map(isPowerOfTwo)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it('compares hashes only when both are 32 bytes', () => {
    const h = Buffer.from(ROOTS[0] as string, 'hex');
    expect(hashesEqual(h, Buffer.from(h))).toBe(true);
    expect(hashesEqual(h, EMPTY_ROOT)).toBe(false);
    expect(hashesEqual(h.subarray(0, 31), h.subarray(0, 31))).toBe(false);
    expect(hashesEqual(Buffer.alloc(0), Buffer.alloc(0))).toBe(false);
  });

  it('refuses a leaf source that returns a malformed hash', () => {
    expect(code(() => treeRoot(() => Buffer.alloc(31), 2))).toBe('BAD_HASH');
    expect(code(() => treeRoot(() => Buffer.alloc(32), -1))).toBe('BAD_SIZE');
    expect(code(() => treeRoot(() => Buffer.alloc(32), 1.5))).toBe('BAD_SIZE');
  });
});

describe('Frontier', () => {
  it('has the reference root after each of the 8 appends', () => {
    const f = Frontier.empty();
    expect(hex(f.root())).toBe(hex(EMPTY_ROOT));
    leafHashes.forEach((h, i) => {
      f.append(h);
      expect(f.size).toBe(i + 1);
      expect(hex(f.root())).toBe(ROOTS[i]);
    });
  });

  it('matches the recursive MTH for every size up to 70 and keeps popcount(size) nodes', () => {
    const hashes = Array.from({ length: 70 }, (_, i) => hashLeaf(Buffer.from(`entry ${i}`)));
    const f = Frontier.empty();
    hashes.forEach((h, i) => {
      f.append(h);
      expect(hex(f.root())).toBe(hex(treeRoot((j) => hashes[j] as Buffer, i + 1)));
      expect(f.nodes.length).toBe((i + 1).toString(2).replace(/0/g, '').length);
    });
    expect(hex(Frontier.fromLeafHashes(hashes).root())).toBe(hex(f.root()));
  });

  it('round-trips through JSON and keeps appending identically', () => {
    const f = Frontier.fromLeafHashes(leafHashes.slice(0, 5));
    const g = Frontier.fromJSON(JSON.parse(JSON.stringify(f.toJSON())));
    expect(g.toJSON()).toEqual(f.toJSON());
    for (const h of leafHashes.slice(5)) g.append(h);
    expect(hex(g.root())).toBe(ROOTS[7]);
    expect(hex(f.root())).toBe(ROOTS[4]);
  });

  it('clones independently, and its nodes getter hands out copies', () => {
    const f = Frontier.fromLeafHashes(leafHashes.slice(0, 3));
    const c = f.clone();
    c.append(leafHashes[3] as Buffer);
    (f.nodes[0] as Buffer).fill(0);
    expect(hex(f.root())).toBe(ROOTS[2]);
    expect(hex(c.root())).toBe(ROOTS[3]);
  });

  it.each([
    ['a negative size', { size: -1, nodes: [] }],
    ['a fractional size', { size: 1.5, nodes: [] }],
    ['too few nodes', { size: 3, nodes: ['00'.repeat(32)] }],
    ['too many nodes', { size: 4, nodes: ['00'.repeat(32), '00'.repeat(32)] }],
    ['a short node', { size: 1, nodes: ['00'.repeat(31)] }],
    ['uppercase hex', { size: 1, nodes: ['AA'.repeat(32)] }],
    ['non-hex', { size: 1, nodes: ['zz'.repeat(32)] }],
    ['nodes not an array', { size: 1, nodes: 'x' as unknown as string[] }],
    ['null', null as unknown as FrontierJSON],
  ])('fromJSON refuses %s', (_name, json) => {
    expect(code(() => Frontier.fromJSON(json))).toBe('BAD_FRONTIER');
  });

  it('append refuses a hash that is not 32 bytes', () => {
    expect(code(() => Frontier.empty().append(Buffer.alloc(33)))).toBe('BAD_HASH');
  });
});
