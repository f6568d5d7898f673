#!/usr/bin/env node
// Writes dist/audit/verify.mjs, the standalone verifier every audit export bundle ships
// (FORMAT.md §7). It is bundled by exactly the code exportBundle uses at run time in the
// repository (audit/export/build-verifier.ts, loaded through tsx), so that a build without
// esbuild or TypeScript sources (the single executable, see build-binary.mjs) can ship the same
// file pre-built. Run by `npm run build`; `node scripts/build-verifier.mjs [OUT]` writes elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build` puts the verifier. */
export const VERIFIER_OUT = path.join(repo, 'dist', 'audit', 'verify.mjs');

/** Bundles the verifier and writes it to `out`; returns its bytes. */
export async function writeVerifier(out = VERIFIER_OUT) {
  const source = pathToFileURL(path.join(repo, 'audit', 'export', 'build-verifier.ts')).href;
  const { buildVerifier } = await tsImport(source, import.meta.url);
  const bytes = await buildVerifier();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, bytes, { mode: 0o644 });
  fs.renameSync(`${out}.tmp`, out);
  return bytes;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : VERIFIER_OUT;
  writeVerifier(out).then(
    (bytes) =>
      process.stderr.write(`build-verifier: wrote ${path.relative(repo, out)} (${bytes.length} bytes)\n`),
    (err) => {
      process.stderr.write(`build-verifier: ${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
