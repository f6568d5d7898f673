import { fileURLToPath } from 'node:url';

/** The verifier's entry point, `verifier/main.ts` next to this file. */
export const VERIFIER_ENTRY: string = fileURLToPath(new URL('./verifier/main.ts', import.meta.url));

let cached: Promise<Buffer> | undefined;

/**
 * Bundles `verifier/main.ts` and the pure audit library into one ESM file for Node >= 20 with
 * esbuild (a dev dependency, imported lazily). Only `node:` built-ins stay external; anything
 * else reaching the bundle fails the build, because the auditor's machine has no node_modules.
 * The result is cached per process. Needs the TypeScript sources: a build without them (the
 * single executable) ships a pre-built copy instead (`npm run build` → dist/audit/verify.mjs).
 */
export function buildVerifier(): Promise<Buffer> {
  cached ??= bundleVerifier(VERIFIER_ENTRY).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/** Bundles the verifier from `entry` (a path to verifier/main.ts); used by scripts/build-verifier.mjs. */
export async function bundleVerifier(entry: string): Promise<Buffer> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // No externals but built-ins: a bare import would need a package the auditor lacks.
    external: ['node:*'],
    plugins: [
      {
        name: 'no-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') ? undefined : { errors: [{ text: `package import ${args.path}` }] },
          );
        },
      },
    ],
    banner: {
      js: '#!/usr/bin/env node\n// Parley audit bundle verifier (FORMAT.md §7). Generated; do not edit.',
    },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output');
  return Buffer.from(out.contents);
}
