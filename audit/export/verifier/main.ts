// Entry point of the standalone verify.mjs shipped in every export bundle (FORMAT.md §7).
// esbuild bundles this file and the pure audit library into one ESM file; it must import
// nothing but node: built-ins and ../../*.ts, so that an auditor needs only Node >= 20.
//
//   node verify.mjs [BUNDLE_DIR] [--trusted-key VKEY] [--previous-checkpoint FILE]
//
// Exit status: 0 all valid, 1 any item invalid, 2 usage error.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyBundle } from './check.js';
import { FILES } from './format.js';

const USAGE = 'usage: node verify.mjs [BUNDLE_DIR] [--trusted-key VKEY] [--previous-checkpoint FILE]';

function main(argv: string[]): number {
  let dir: string | undefined;
  let trustedKey: string | undefined;
  let previous: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--trusted-key' && i + 1 < argv.length) trustedKey = argv[++i];
    else if (a === '--previous-checkpoint' && i + 1 < argv.length) previous = argv[++i];
    else if (a === '--help' || a === '-h') return usage(0);
    else if (!a.startsWith('-') && dir === undefined) dir = a;
    else return usage(2);
  }
  // Default: the directory verify.mjs was extracted into.
  const root = dir ?? dirname(fileURLToPath(import.meta.url));
  const files = new Map<string, Buffer>();
  for (const name of Object.values(FILES)) {
    const p = join(root, name);
    if (existsSync(p)) files.set(name, readFileSync(p));
  }
  let previousCheckpoint: Buffer | undefined;
  if (previous !== undefined) {
    try {
      previousCheckpoint = readFileSync(previous);
    } catch (err) {
      process.stderr.write(`cannot read ${previous}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const report = verifyBundle(files, { trustedKey, previousCheckpoint });
  for (const r of report.items) {
    process.stdout.write(r.ok ? `${r.item}: valid\n` : `${r.item}: INVALID: ${r.reason}\n`);
  }
  process.stdout.write(`${report.validEntries}/${report.totalEntries} entries valid\n`);
  process.stdout.write(report.ok ? 'bundle valid\n' : 'bundle INVALID\n');
  return report.ok ? 0 : 1;
}

function usage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

process.exitCode = main(process.argv.slice(2));
