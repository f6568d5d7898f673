/**
 * Injected main script of the single executable (bundled to CommonJS: SEA requires it).
 * It extracts the embedded files into a private per-build directory, verifies every one
 * by SHA-256 against the manifest baked in here at build time, and only then imports the
 * ES-module application from that directory. See server/sea/README.md.
 */

import { homedir } from 'node:os';
import path from 'node:path';
import { getAsset } from 'node:sea';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { ensureExtracted, NativeIntegrityError, resolveNativeBaseDir } from './extract.js';
import type { Manifest, ManifestEntry } from './manifest.js';

// Replaced by esbuild `define` with the manifest computed by scripts/build-binary.mjs.
declare const __PARLEY_SEA_MANIFEST__: Manifest;

// sysexits EX_SOFTWARE / EX_CANTCREAT-like codes make a refused start easy to tell apart.
const EXIT_INTEGRITY = 78;

function readAsset(entry: ManifestEntry): Buffer {
  const raw = Buffer.from(getAsset(entry.name));
  return entry.encoding === 'br' ? brotliDecompressSync(raw) : raw;
}

async function run(): Promise<void> {
  // In a SEA, argv[0] and argv[1] are both the executable; user arguments follow.
  const argv = process.argv.slice(2);
  let root: string;
  try {
    const baseDir = resolveNativeBaseDir(process.env, homedir());
    root = ensureExtracted({ baseDir, manifest: __PARLEY_SEA_MANIFEST__, readAsset }).root;
  } catch (err) {
    if (!(err instanceof NativeIntegrityError)) throw err;
    process.stderr.write(
      `parley: refusing to start: ${err.message}\n(set PARLEY_NATIVE_DIR to a private directory to extract native files elsewhere)\n`,
    );
    process.exitCode = EXIT_INTEGRITY;
    return;
  }
  const bindingTest = path.join(root, 'dist', 'testBindingBinary.mjs');
  if (
    process.env.TEST_BINDING_CP === 'true' &&
    typeof process.send === 'function' &&
    argv[0] === bindingTest
  ) {
    // node-llama-cpp forks process.execPath (this executable) with its test script to try
    // loading llama-addon.node in a throwaway process first; the script answers over IPC.
    await import(pathToFileURL(bindingTest).href);
    return;
  }
  // argon2 loads its addon while the bundle is being evaluated, before app.start() could
  // register paths; the build points its loader at this verified file instead.
  (globalThis as { __parleyArgon2Binding?: string }).__parleyArgon2Binding = path.join(
    root,
    'native',
    'argon2.node',
  );
  const app = (await import(pathToFileURL(path.join(root, 'dist', 'parley.mjs')).href)) as {
    start(argv: string[], root: string): Promise<number>;
  };
  process.exitCode = await app.start(argv, root);
}

run().catch((err: unknown) => {
  process.stderr.write(`parley: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
