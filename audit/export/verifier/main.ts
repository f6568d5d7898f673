// Entry point of the standalone verify.mjs shipped in every export bundle (FORMAT.md §7).
// esbuild bundles this file and the pure audit library into one ESM file; it must import
// nothing but node: built-ins and ../../*.ts, so that an auditor needs only Node >= 20.
//
//   node verify.mjs [BUNDLE_DIR] [--trusted-key VKEY] [--previous-checkpoint FILE]...
//
// Exit status: 0 all valid, 1 any item invalid, 2 usage error.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyBundle } from './check.js';
import { filesFromDir } from './files.js';

const USAGE =
  'usage: node verify.mjs [BUNDLE_DIR] [--trusted-key VKEY] [--previous-checkpoint FILE]...\n' +
  '  --trusted-key VKEY          the log key obtained out of band (else the bundle vouches only for itself)\n' +
  '  --previous-checkpoint FILE  a checkpoint kept earlier; the bundle must be consistent with it (repeatable)';

function main(argv: string[]): number {
  let dir: string | undefined;
  let trustedKey: string | undefined;
  const previous: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--trusted-key' && i + 1 < argv.length) trustedKey = argv[++i];
    else if (a === '--previous-checkpoint' && i + 1 < argv.length) previous.push(argv[++i] as string);
    else if (a === '--help' || a === '-h') return usage(0);
    else if (!a.startsWith('-') && dir === undefined) dir = a;
    else return usage(2);
  }
  const previousCheckpoints: { label: string; note: Buffer }[] = [];
  for (const file of previous) {
    try {
      previousCheckpoints.push({ label: file, note: readFileSync(file) });
    } catch (err) {
      process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  // Default: the directory verify.mjs was extracted into.
  const root = dir ?? dirname(fileURLToPath(import.meta.url));
  const report = verifyBundle(filesFromDir(root), { trustedKey, previousCheckpoints });
  const out: string[] = [];
  for (const r of report.items) out.push(r.ok ? `${r.item}: valid\n` : `${r.item}: INVALID: ${r.reason}\n`);
  out.push(`${report.validEntries}/${report.totalEntries} entries valid\n`);
  out.push(report.ok ? 'bundle valid\n' : 'bundle INVALID\n');
  process.stdout.write(out.join(''));
  return report.ok ? 0 : 1;
}

function usage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

process.exitCode = main(process.argv.slice(2));
