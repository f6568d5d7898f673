import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf, splitPoint, treeRoot } from './merkle.js';
import { consistencyProof, inclusionProof } from './proofs.js';
import { code } from './test-support/errorCode.js';
import { CONSISTENCY, INCLUSION, LEAVES, ROOTS } from './test-support/rfc6962-vectors.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (h: string): Buffer => Buffer.from(h, 'hex');
const refLeaves = LEAVES.map(hashLeaf);
const refSource = (i: number): Buffer => refLeaves[i] as Buffer;
const root = (n: number): Buffer => unhex(ROOTS[n - 1] as string);

/** A bit flip at each end of each element, each removal, each adjacent swap, and an extra element at either end. */
function tampered(proof: Buffer[], extra: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  proof.forEach((p, i) => {
    for (const [byte, mask] of [
      [0, 0x01],
      [31, 0x80],
    ] as const) {
      const q = proof.map((x) => Buffer.from(x));
      const b = q[i] as Buffer;
      b[byte] = (b[byte] as number) ^ mask;
      out.push(q);
    }
    out.push(proof.filter((_, j) => j !== i));
    if (i + 1 < proof.length) {
      const q = [...proof];
      [q[i], q[i + 1]] = [q[i + 1] as Buffer, p];
      if (!q.every((x, j) => x.equals(proof[j] as Buffer))) out.push(q);
    }
  });
  out.push([...proof, extra], [extra, ...proof]);
  return out;
}

describe('published vectors (transparency-dev/merkle proof/verify_test.go)', () => {
  it.each(INCLUSION)('inclusion proof for leaf $index of $size is generated and verifies', (v) => {
    expect(inclusionProof(refSource, v.index, v.size).map(hex)).toEqual(v.proof);
    verifyInclusion(v.index, v.size, refSource(v.index), v.proof.map(unhex), root(v.size));
  });

  it.each(CONSISTENCY)('consistency proof $size1 -> $size2 is generated and verifies', (v) => {
    expect(consistencyProof(refSource, v.size1, v.size2).map(hex)).toEqual(v.proof);
    verifyConsistency(v.size1, v.size2, root(v.size1), root(v.size2), v.proof.map(unhex));
  });

  it.each(INCLUSION.filter((v) => v.proof.length > 0))('inclusion $index/$size: corruptions fail', (v) => {
    const proof = v.proof.map(unhex);
    const leaf = refSource(v.index);
    const probes: [number, number, Buffer, Buffer[], Buffer][] = [
      [v.index + 1, v.size, leaf, proof, root(v.size)],
      [v.size * 2, v.size * 2, leaf, proof, root(v.size)],
      [v.index, v.size * 2, leaf, proof, root(v.size)],
      [v.index, v.size, hashLeaf(Buffer.from('WrongLeaf')), proof, root(v.size)],
      [v.index, v.size, leaf, proof, EMPTY_ROOT],
      ...tampered(proof, root(v.size)).map((p): [number, number, Buffer, Buffer[], Buffer] => [
        v.index,
        v.size,
        leaf,
        p,
        root(v.size),
      ]),
    ];
    if (v.index > 0) probes.push([v.index - 1, v.size, leaf, proof, root(v.size)]);
    for (const [i, n, l, p, r] of probes) {
      expect(code(() => verifyInclusion(i, n, l, p, r))).toMatch(/INCLUSION_PROOF_INVALID|BAD_INDEX/);
    }
  });

  it('RFC 9162 edge cases for consistency (upstream TestVerifyConsistency)', () => {
    const r = root(3);
    verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, []);
    verifyConsistency(0, 3, EMPTY_ROOT, r, []);
    verifyConsistency(3, 3, r, r, []);
    expect(code(() => verifyConsistency(3, 3, r, root(4), []))).toBe('CONSISTENCY_PROOF_INVALID');
    expect(code(() => verifyConsistency(3, 3, r, r, [EMPTY_ROOT]))).toBe('CONSISTENCY_PROOF_INVALID');
    expect(code(() => verifyConsistency(0, 3, EMPTY_ROOT, r, [EMPTY_ROOT]))).toBe(
      'CONSISTENCY_PROOF_INVALID',
    );
    // Stricter than upstream: a size-0 tree has exactly one root.
    expect(code(() => verifyConsistency(0, 3, r, r, []))).toBe('CONSISTENCY_PROOF_INVALID');
    expect(code(() => verifyConsistency(1, 2, root(1), root(2), []))).toBe('CONSISTENCY_PROOF_INVALID');
    expect(code(() => verifyConsistency(2, 1, root(2), root(1), []))).toBe('BAD_SIZE');
    expect(code(() => verifyConsistency(1, 2, Buffer.from("don't care"), root(2), []))).toBe('BAD_HASH');
  });

  it('single-leaf tree: root equals leaf hash and the proof is empty (upstream TestVerifyInclusionSingleEntry)', () => {
    const h = hashLeaf(Buffer.from('data'));
    verifyInclusion(0, 1, h, [], h);
    expect(code(() => verifyInclusion(0, 1, h, [], EMPTY_ROOT))).toBe('INCLUSION_PROOF_INVALID');
    expect(code(() => verifyInclusion(0, 1, Buffer.alloc(0), [], h))).toBe('BAD_HASH');
  });
});

describe('hostile inputs are typed errors', () => {
  const h = root(1);
  it.each([
    ['index = size', 0, 0],
    ['index > size', 2, 1],
    ['negative index', -1, 4],
    ['fractional index', 0.5, 4],
    ['NaN index', Number.NaN, 4],
  ])('verifyInclusion: %s -> BAD_INDEX', (_n, index, size) => {
    expect(code(() => verifyInclusion(index, size, h, [], h))).toBe('BAD_INDEX');
    if (size > 0) expect(code(() => inclusionProof(refSource, index, size))).toBe('BAD_INDEX');
  });

  it('refuses unsafe sizes and malformed proof elements', () => {
    expect(code(() => verifyInclusion(0, 2 ** 53, h, [], h))).toBe('BAD_SIZE');
    expect(code(() => verifyInclusion(0, 2, h, [Buffer.alloc(31)], h))).toBe('INCLUSION_PROOF_INVALID');
    expect(code(() => verifyInclusion(0, 2, h, 'x' as unknown as Buffer[], h))).toBe(
      'INCLUSION_PROOF_INVALID',
    );
    expect(code(() => verifyConsistency(1, 2, h, h, [Buffer.alloc(33)]))).toBe('CONSISTENCY_PROOF_INVALID');
    expect(code(() => consistencyProof(refSource, 3, 2))).toBe('BAD_SIZE');
    expect(code(() => consistencyProof(refSource, -1, 2))).toBe('BAD_SIZE');
  });

  it('a long proof of junk is refused quickly', () => {
    const junk = Array.from({ length: 10_000 }, () => Buffer.alloc(32, 7));
    expect(code(() => verifyInclusion(0, 8, h, junk, h))).toBe('INCLUSION_PROOF_INVALID');
    expect(code(() => verifyConsistency(3, 8, h, h, junk))).toBe('CONSISTENCY_PROOF_INVALID');
  });
});

describe('properties for every tree up to 70 leaves', () => {
  const N = 70;
  const leaves = Array.from({ length: N }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));
  const source = (i: number): Buffer => leaves[i] as Buffer;
  const roots = [EMPTY_ROOT, ...leaves.map((_, i) => treeRoot(source, i + 1))];
  const rootOf = (n: number): Buffer => roots[n] as Buffer;

  it('every inclusion proof verifies and every tamper of it fails', () => {
    for (let n = 1; n <= N; n++) {
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(source, i, n);
        verifyInclusion(i, n, source(i), proof, rootOf(n));
        for (const bad of tampered(proof, rootOf(n))) {
          expect(code(() => verifyInclusion(i, n, source(i), bad, rootOf(n)))).toBe(
            'INCLUSION_PROOF_INVALID',
          );
        }
        if (n > 1) {
          const other = (i + 1) % n;
          expect(code(() => verifyInclusion(other, n, source(i), proof, rootOf(n)))).toBe(
            'INCLUSION_PROOF_INVALID',
          );
        }
      }
    }
  });

  it('every consistency proof (m <= n) verifies and every tamper of it fails', () => {
    for (let n = 0; n <= N; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(source, m, n);
        verifyConsistency(m, n, rootOf(m), rootOf(n), proof);
        if (m === 0 || m === n) continue;
        for (const bad of tampered(proof, rootOf(n))) {
          expect(code(() => verifyConsistency(m, n, rootOf(m), rootOf(n), bad))).toBe(
            'CONSISTENCY_PROOF_INVALID',
          );
        }
        expect(code(() => verifyConsistency(m, n, rootOf(m - 1), rootOf(n), proof))).toBe(
          'CONSISTENCY_PROOF_INVALID',
        );
        expect(code(() => verifyConsistency(m, n, rootOf(m), rootOf(n - 1), proof))).toBe(
          'CONSISTENCY_PROOF_INVALID',
        );
        expect(code(() => verifyConsistency(m, n, rootOf(n), rootOf(m), proof))).toBe(
          'CONSISTENCY_PROOF_INVALID',
        );
      }
    }
  });
});

describe('sizes beyond 2^32 (no 32-bit truncation)', () => {
  // Reference: fold an inclusion proof by RFC 6962 §2.1.1's recursive PATH definition.
  function recursiveRoot(m: number, n: number, leaf: Buffer, proof: Buffer[]): Buffer {
    if (n === 1) return leaf;
    const k = splitPoint(n);
    const sibling = proof[proof.length - 1] as Buffer;
    const rest = proof.slice(0, -1);
    return m < k
      ? hashChildren(recursiveRoot(m, k, leaf, rest), sibling)
      : hashChildren(sibling, recursiveRoot(m - k, n - k, leaf, rest));
  }

  it.each([
    [2 ** 32 + 3, 2 ** 32 + 8],
    [2 ** 33 - 1, 2 ** 33],
    [5, 2 ** 40 + 1],
    [2 ** 40, 2 ** 40 + 1],
    [Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER],
  ])('leaf %d of %d agrees with the recursive definition', (m, n) => {
    // Proof length for leaf m of n is the depth of m's path in the recursive split.
    let len = 0;
    for (let lo = 0, hi = n; hi - lo > 1; len++) {
      const k = splitPoint(hi - lo);
      if (m - lo < k) hi = lo + k;
      else lo += k;
    }
    const proof = Array.from({ length: len }, (_, i) => hashLeaf(Buffer.from([i])));
    const leaf = hashLeaf(Buffer.from('x'));
    const expected = recursiveRoot(m, n, leaf, proof);
    expect(hex(rootFromInclusionProof(m, n, leaf, proof))).toBe(hex(expected));
    verifyInclusion(m, n, leaf, proof, expected);
  });
});
