import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERIFIER_ASSET, verifierSource } from './verifierSource.js';

const dir = mkdtempSync(path.join(tmpdir(), 'verifier-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fakeSea = (inside: boolean, assets: Record<string, string>) => ({
  isSea: () => inside,
  getAsset(key: string): ArrayBuffer {
    const v = assets[key];
    if (v === undefined) throw new Error(`no asset ${key}`);
    return new TextEncoder().encode(v).buffer as ArrayBuffer;
  },
});
const never = async (): Promise<Buffer> => {
  throw new Error('esbuild must not be used here');
};

describe('verifierSource', () => {
  it('inside the single executable: the embedded asset, never esbuild or the disk', async () => {
    const src = verifierSource({
      sea: fakeSea(true, { [VERIFIER_ASSET]: '// embedded' }),
      prebuilt: path.join(dir, 'nope'),
      build: never,
    });
    expect((await src()).toString()).toBe('// embedded');
  });

  it('an executable built without the asset fails clearly', async () => {
    const src = verifierSource({ sea: fakeSea(true, {}), build: never });
    await expect(src()).rejects.toMatchObject({ code: 'VERIFIER_UNAVAILABLE' });
  });

  it("outside it: npm run build's copy when there is one, else esbuild", async () => {
    const prebuilt = path.join(dir, 'verify.mjs');
    writeFileSync(prebuilt, '// prebuilt');
    const sea = fakeSea(false, { [VERIFIER_ASSET]: '// embedded' });
    expect((await verifierSource({ sea, prebuilt, build: never })()).toString()).toBe('// prebuilt');
    const built = async () => Buffer.from('// built');
    const missing = path.join(dir, 'missing.mjs');
    expect((await verifierSource({ sea, prebuilt: missing, build: built })()).toString()).toBe('// built');
    await expect(verifierSource({ sea: null, prebuilt: null, build: never })()).rejects.toMatchObject({
      code: 'VERIFIER_UNAVAILABLE',
    });
  });

  it('by default, from sources: builds the real verifier with esbuild', async () => {
    const src = await verifierSource()();
    expect(src.toString('utf8', 0, 200)).toMatch(
      /^#!\/usr\/bin\/env node\n\/\/ Parley audit bundle verifier/,
    );
  });
});
