import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/paths.js';
import { guessDelimiter } from './csv.js';
import { isDocumentError } from './errors.js';
import { parseDocument } from './parse.js';

const csv = (text: string, limits = {}) =>
  parseDocument(Buffer.from(text, 'utf8'), { name: 'data.csv', limits });

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'no error';
  } catch (err) {
    return isDocumentError(err) ? err.code : err;
  }
}

describe('CSV', () => {
  it('turns each row into "column: value; ..." under the header names', async () => {
    const doc = await csv('Patient ID,Ward,Allergy\nP-1,3B,Penicillin\nP-2,4A,\n,,\n');
    expect(doc.type).toBe('csv');
    expect(doc.sections).toEqual([
      { text: 'Patient ID: P-1; Ward: 3B; Allergy: Penicillin\nPatient ID: P-2; Ward: 4A' },
    ]);
  });

  it('handles quotes, embedded delimiters and newlines (RFC 4180)', async () => {
    const doc = await csv('name,note\n"Smith, Ann","said ""no""\nthen left"\n');
    expect(doc.sections[0]?.text).toBe('name: Smith, Ann; note: said "no" then left');
  });

  it('keeps characters outside the BMP whole where the input is fed in slices', async () => {
    // The emoji's surrogate pair straddles the first 64 Ki-character slice boundary.
    const pad = 'x'.repeat(64 * 1024 - 'a\n'.length - 1);
    const doc = await csv(`a\n${pad}\u{1F469}\n`);
    expect(doc.sections[0]?.text.endsWith('\u{1F469}')).toBe(true);
    expect(doc.sections[0]?.text).not.toContain('\uFFFD');
  });

  it('names missing and extra columns', async () => {
    const doc = await csv(',b\n1,2,3\n');
    expect(doc.sections[0]?.text).toBe('column 1: 1; b: 2; column 3: 3');
  });

  it('reads semicolon- and tab-separated exports', async () => {
    expect((await csv('Name;Dosis\nIbuprofen;400,5 mg\n')).sections[0]?.text).toBe(
      'Name: Ibuprofen; Dosis: 400,5 mg',
    );
    expect((await csv('a\tb\n1\t2\n')).sections[0]?.text).toBe('a: 1; b: 2');
    expect(guessDelimiter('"x;y;z",a,b\n')).toBe(',');
  });

  it('refuses a row wider than maxColumns with too_many_columns', async () => {
    const header = Array.from({ length: 11 }, (_, i) => `c${i}`).join(',');
    expect(await codeOf(csv(`${header}\n1\n`, { maxColumns: 10 }))).toBe('too_many_columns');
    expect(await codeOf(csv(`a,b\n${'1,'.repeat(20)}1\n`, { maxColumns: 10 }))).toBe('too_many_columns');
    expect(await codeOf(csv(`a,b\n${'1,'.repeat(9)}1\n`, { maxColumns: 10 }))).toBe('no error');
  });

  it('refuses a single record longer than maxRecordChars', async () => {
    expect(await codeOf(csv(`a\n${'x'.repeat(5000)}\n`, { maxRecordChars: 1000 }))).toBe('too_many_columns');
  });

  it('refuses a CSV whose rows expand past maxTextChars', async () => {
    // Long header names repeat on every row: 2 bytes of input become ~100 characters of text.
    const header = Array.from({ length: 50 }, (_, i) => `column-with-a-long-name-${i}`).join(',');
    const row = Array.from({ length: 50 }, () => '1').join(',');
    const text = `${header}\n${`${row}\n`.repeat(2000)}`;
    const err = await csv(text, { maxTextChars: 1_000_000 }).catch((e: unknown) => e);
    expect(isDocumentError(err, 'too_large') && err.details.limit).toBe('maxTextChars');
  });

  it('refuses unbalanced quotes with corrupt, and a header-only file with no_text', async () => {
    expect(await codeOf(csv('a,b\n"1,2\n'))).toBe('corrupt');
    expect(await codeOf(csv('a,b\n'))).toBe('no_text');
  });

  it('refuses a million-column row inside a 64 MB heap, before building the row', () => {
    // A child process with a small heap: building the 20,000,000-field row first would need
    // ~160 MB for the array alone and kill it (checked by hand: it dies after thrashing).
    const child = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=64',
        '--import',
        'tsx',
        path.join(repoRoot, 'server/documents/test-support/wideCsvChild.ts'),
        '20000000',
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 50_000 },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('too_many_columns');
    expect(child.status).toBe(0);
  });
});
