import path from 'node:path';
import { setDefaultVerifierSource } from '../../audit/export/index.js';
import { main } from '../cli/main.js';
import { setBuiltinCatalog } from '../inference/catalog.js';
import { setNativeAddons } from '../native/addons.js';
import { verifierSource } from './verifierSource.js';

// The repo's models/catalog.yaml, inlined by scripts/build-binary.mjs (esbuild `define`).
declare const __PARLEY_BUILTIN_CATALOG__: string;

/**
 * ES-module half of the single executable, bundled to `<root>/dist/parley.mjs` and loaded
 * by the CommonJS bootstrap once every file under `root` is verified. It registers the
 * extracted native files before any storage or inference module is loaded, then hands
 * over to the ordinary CLI. (The CLI is imported statically: esbuild's lazy wrappers for a
 * dynamically imported module deadlock on node-llama-cpp's top-level awaits, so server
 * modules must read getNativeAddons() when called, not at import time.)
 *
 * node-llama-cpp finds its CPU binaries without help: bundled, its `__dirname` is
 * `<root>/dist`, so its own prebuilt-bins directory (`<dirname>/../bins`) is `<root>/bins`,
 * where `bins/linux-x64/` is extracted.
 */
export async function start(argv: string[], root: string): Promise<number> {
  setNativeAddons({
    betterSqlite3Binding: path.join(root, 'native', 'better_sqlite3.node'),
    sqliteVecExtension: path.join(root, 'native', 'vec0.so'),
    llamaBinariesDir: path.join(root, 'bins', 'linux-x64'),
    builtinPolicyDir: path.join(root, 'policies'),
  });
  // For databases opened without an explicit nativeBinding (the audit store): see the
  // better-sqlite3-binding plugin of scripts/build-binary.mjs.
  (globalThis as { __parleyBetterSqlite3Binding?: string }).__parleyBetterSqlite3Binding = path.join(
    root,
    'native',
    'better_sqlite3.node',
  );
  setBuiltinCatalog(__PARLEY_BUILTIN_CATALOG__);
  // Audit exports ship verify.mjs; the executable has no esbuild, only its embedded copy.
  setDefaultVerifierSource(verifierSource());
  return main(argv);
}
