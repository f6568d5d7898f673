import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The IdP's calls are the only network calls Parley makes on its own; keeping openid-client
// behind one module keeps that true and reviewable.
const root = fileURLToPath(new URL('../../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(full);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}

describe('openid-client boundary', () => {
  it('is imported only by server/auth/oidc/client.ts', () => {
    const importers = ['server', 'audit', 'scripts', 'bin']
      .flatMap((d) => {
        try {
          return sources(path.join(root, d));
        } catch {
          return [];
        }
      })
      .filter((file) =>
        /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]openid-client['"/]/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => path.relative(root, file));
    expect(importers).toEqual([path.join('server', 'auth', 'oidc', 'client.ts')]);
  });
});
