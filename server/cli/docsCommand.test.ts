import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { catalogFile, policyDir, sharedModelsDir } from '../test-support/paths.js';

// Issue 7: `parley docs ingest` and `parley docs search --json` (the contract scripts rely on).
let cwd: string;
let env: Record<string, string>;
beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-docs-cli-'));
  mkdirSync(path.join(cwd, 'data'));
  env = {
    PARLEY_DATA_DIR: path.join(cwd, 'data'),
    PARLEY_MODELS_DIR: sharedModelsDir,
    PARLEY_MODELS_CATALOG: catalogFile,
    PARLEY_POLICY_DIR: policyDir,
    PARLEY_INFERENCE_THREADS: '1',
  };
  writeFileSync(
    path.join(cwd, 'fire.md'),
    '# Fire drill\n\nLeave by the east stairs and meet at the car park.\n',
  );
  writeFileSync(path.join(cwd, 'badge.md'), '# Badges\n\nWear your badge visibly at all times.\n');
  writeFileSync(path.join(cwd, 'picture.pdf'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const cli = (...argv: string[]) => runCli(argv, { cwd, env });

describe('parley docs', () => {
  it('ingests files, reports each one, and refuses what it cannot read without stopping', async () => {
    const r = await cli(
      'docs',
      'ingest',
      '--collection',
      'hospital-handbook',
      'fire.md',
      'badge.md',
      'picture.pdf',
    );
    expect(r.stdout).toMatch(/\[1\/3\] fire\.md: \d+ chunks, doc_/);
    expect(r.stdout).toMatch(/\[2\/3\] badge\.md: \d+ chunks, doc_/);
    expect(r.stdout).toMatch(/\[3\/3\] picture\.pdf: refused \(.*not supported/);
    expect(r.code).toBe(1);
    const again = await cli('docs', 'ingest', '--collection', 'hospital-handbook', 'fire.md');
    expect(again.stdout).toMatch(/already in hospital-handbook/);
    expect((await cli('docs', 'ingest', '--collection', 'no-such-collection', 'fire.md')).code).toBe(2);
  });

  it('search --json prints ranked passages with the documented fields', async () => {
    const r = await cli(
      'docs',
      'search',
      '--collection',
      'hospital-handbook',
      '--json',
      'east stairs car park',
    );
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['chunk_id', 'document_id', 'page', 'score', 'text']);
    expect(String(rows[0]?.text)).toContain('east stairs');
    const scores = rows.map((x) => x.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
