// Test helpers: two logs under one key (A, and B as a rewritten A of the same size), bundle
// extraction with the system tar, and running verify.mjs as an auditor would: cwd = bundle,
// PATH = the node binary's directory only, no node_modules anywhere up the tree.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ed25519Signer, generateNoteKey } from '../../note-keys.js';
import { type AuditStore, openAuditStore } from '../../store/index.js';
import { type ExportOptions, exportBundle } from '../bundle.js';
import { type BundleReport, type VerifyBundleOptions, verifyBundle } from '../verifier/check.js';
import { filesFromDir } from '../verifier/files.js';
import { FILES } from '../verifier/format.js';

export const ORIGIN = 'parley.test/audit';
export const key = generateNoteKey(ORIGIN);
export const signer = { origin: ORIGIN, key: ed25519Signer(ORIGIN, key.privateKeyPem) };

/** A temp directory outside the repository (so no node_modules is reachable from it). */
export function tempDir(): { path(name: string): string; dir(): string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'audit-export-'));
  for (let d = root; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) throw new Error(`${d}/node_modules would reach verify.mjs`);
  }
  let n = 0;
  return {
    path: (name) => join(root, `${n++}-${name}`),
    dir: () => mkdtempSync(join(root, `${n++}-x-`)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A log of `n` entries with a checkpoint kept after `keptAt`; `tag` makes logs differ. */
export async function makeLog(
  file: string,
  n: number,
  keptAt: number,
  tag: string,
): Promise<{ store: AuditStore; kept: string }> {
  let t = Date.UTC(2026, 0, 2);
  const store = openAuditStore(file, { clock: { now: () => t++ } });
  for (let i = 0; i < keptAt; i++) await store.append({ kind: tag, i });
  const kept = store.checkpoint(signer);
  for (let i = keptAt; i < n; i++) await store.append({ kind: tag, i });
  return { store, kept };
}

/** Extracts a .tar with the system tar into a fresh directory. */
export function extract(tarFile: string, into: string): string {
  const r = spawnSync('tar', ['-xf', tarFile, '-C', into], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  return into;
}

/** Runs `node verify.mjs ...args` in `dir` with a bare environment. */
export function runVerifier(dir: string, args: string[] = []): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['verify.mjs', ...args], {
    cwd: dir,
    env: { PATH: dirname(process.execPath) },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Edits a member and, unless `keepManifest`, rewrites manifest.json as an attacker would. */
export function tamper(dir: string, name: string, edit: (s: string) => string, keepManifest = false): void {
  const p = join(dir, name);
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
  if (keepManifest) return;
  const m = JSON.parse(readFileSync(join(dir, FILES.manifest), 'utf8')) as { files: Record<string, string> };
  for (const f of Object.keys(m.files)) {
    m.files[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  }
  writeFileSync(join(dir, FILES.manifest), JSON.stringify(m));
}

/** The first `INVALID` line of verifier output. */
export const firstInvalid = (out: string): string | undefined =>
  out.split('\n').find((l) => l.includes('INVALID'));

/** Exports with the fixture key, extracts, and verifies in-process (faster than a child process). */
export async function exportAndVerify(
  store: AuditStore,
  tmp: ReturnType<typeof tempDir>,
  options: Partial<ExportOptions> = {},
  verify: VerifyBundleOptions = {},
): Promise<{ dir: string; report: BundleReport; treeSize: number; from: number; to: number }> {
  const outFile = tmp.path('bundle.tar');
  const r = await exportBundle(store, { signer, vkey: key.vkey, outFile, ...options });
  const dir = extract(outFile, tmp.dir());
  return {
    dir,
    report: verifyBundle(filesFromDir(dir), verify),
    treeSize: r.treeSize,
    from: r.from,
    to: r.to,
  };
}

/** The INVALID items of a report, as `item: reason` lines. */
export const invalidItems = (r: BundleReport): string[] =>
  r.items.filter((i) => !i.ok).map((i) => `${i.item}: ${i.reason}`);
