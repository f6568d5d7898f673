import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_INPUT_UTF16 } from '../pii/errors.js';
import { runCli } from '../test-support/cli.js';
import { policyDir } from '../test-support/paths.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

let cwd: string;
let policies: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'parley-pii-cli-'));
  policies = path.join(cwd, 'policies');
  cpSync(policyDir, policies, { recursive: true });
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const cli = (argv: string[], stdin: string | string[]) => runCli(argv, { cwd, stdin });
const TEXT = '😀 Write to jane@example.com or call (415) 555-2671; card 4111 1111 1111 1111.';

describe('parley pii scan', () => {
  it('prints entity_type, start, end (code points) and score for stdin', async () => {
    const r = await cli(['pii', 'scan', '--policy', policies], TEXT);
    expect(r.code).toBe(0);
    const { entities } = JSON.parse(r.stdout) as { entities: Record<string, unknown>[] };
    expect(entities).toEqual([
      { entity_type: 'EMAIL_ADDRESS', start: 11, end: 27, score: 1 },
      { entity_type: 'PHONE_NUMBER', start: 36, end: 50, score: 0.85 },
      { entity_type: 'CREDIT_CARD', start: 57, end: 76, score: 1 },
    ]);
    expect([...TEXT].slice(11, 27).join('')).toBe('jane@example.com');
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  it('uses the configured policy directory when --policy is not given', async () => {
    writeFileSync(path.join(cwd, 'parley.yaml'), `policy:\n  dir: ${policies}\n`);
    const r = await cli(['pii', 'scan'], 'MRN-1234567');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entities[0].entity_type).toBe('MEDICAL_RECORD_NUMBER');
  });

  it('refuses more than 10 MiB of text with payload_too_large', async () => {
    const r = await cli(['pii', 'scan', '--policy', policies], 'x'.repeat(MAX_INPUT_UTF16 + 1));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^parley: text of 10485761 UTF-16 code units is over the limit/);
    expect(r.stdout).toBe('');
  });

  it('refuses invalid UTF-8', async () => {
    const r = await runCli(['pii', 'scan', '--policy', policies], {
      cwd,
      stdin: [new Uint8Array([0x61, 0xff])],
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid UTF-8');
  });

  it('names a problem of the policy bundle', async () => {
    writeFileSync(
      path.join(policies, 'pii.yaml'),
      "recognizers:\n  - { name: x, entity: X, pattern: '(a+)+$' }\n",
    );
    const r = await cli(['pii', 'scan', '--policy', policies], 'text');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pii\.yaml:2:\d+: pattern can backtrack catastrophically/);
  });
});

describe('parley pii scan --jsonl', () => {
  it('writes one line per input line, in order, with the ids as given', async () => {
    const input = [
      '{"id": 1, "text": "mail jane@example.com"}',
      '{"id": "b", "text": "nothing here"}',
      '',
      '{"text": "SSN 536-90-4399", "id": {"k": [1]}}',
    ].join('\n');
    const r = await cli(['pii', 'scan', '--jsonl', '--policy', policies], input);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 1, entities: [{ entity_type: 'EMAIL_ADDRESS', start: 5, end: 21, score: 1 }] },
      { id: 'b', entities: [] },
      { id: { k: [1] }, entities: [{ entity_type: 'US_SSN', start: 4, end: 15, score: 0.85 }] },
    ]);
  });

  it('answers a bad line with an error line in its place, goes on, and exits 1', async () => {
    const input = [
      '{"id": 1, "text": "a@example.com"}',
      'not json',
      '[1, 2]',
      '{"id": 4, "text": 42}',
      '{"id": 5, "text": "b@example.com"}',
    ].join('\r\n');
    const r = await cli(['pii', 'scan', '--jsonl', '--policy', policies], `${input}\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].id).toBe(1);
    expect(lines[1]).toEqual({
      id: null,
      line: 2,
      error: { code: 'invalid_json', message: 'line is not JSON' },
    });
    expect(lines[2]).toMatchObject({ id: null, line: 3, error: { code: 'invalid_request' } });
    expect(lines[3]).toMatchObject({ id: 4, line: 4, error: { code: 'invalid_request' } });
    expect(lines[4]).toEqual({
      id: 5,
      entities: [{ entity_type: 'EMAIL_ADDRESS', start: 0, end: 13, score: 1 }],
    });
  });

  it('reads lines split across chunks and a last line without a newline', async () => {
    const chunks = ['{"id": 1, "te', 'xt": "jane@exa', 'mple.com"}\n{"id"', ': 2, "text": "x"}'];
    const r = await cli(['pii', 'scan', '--jsonl', '--policy', policies], chunks);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([1, 2]);
  });

  it('streams: a line is answered before the next one is read', async () => {
    const out: string[] = [];
    const seenBeforeSecond: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: () => {},
      env: {},
      cwd,
      stopSignal: () => new Promise<string>(() => {}),
      stdin: async function* () {
        yield '{"id": 1, "text": "jane@example.com"}\n';
        seenBeforeSecond.push(...out);
        yield '{"id": 2, "text": "x"}\n';
      },
    };
    expect(await main(['pii', 'scan', '--jsonl', '--policy', policies], io)).toBe(0);
    expect(seenBeforeSecond).toHaveLength(1);
    expect(JSON.parse(seenBeforeSecond[0] as string).id).toBe(1);
    expect(out).toHaveLength(2);
  });
});

describe('parley pii mask', () => {
  it('masks with the export boundary by default: labels, and the card masked to its last 4', async () => {
    const r = await cli(['pii', 'mask', '--policy', policies], TEXT);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('😀 Write to <EMAIL_ADDRESS> or call <PHONE_NUMBER>; card ***************1111.');
  });

  it('pseudonymizes consistently for --boundary prompt', async () => {
    const r = await cli(
      ['pii', 'mask', '--boundary', 'prompt', '--policy', policies],
      'jane@example.com, bob@example.com, jane@example.com\n',
    );
    expect(r.stdout).toBe('<EMAIL_ADDRESS_1>, <EMAIL_ADDRESS_2>, <EMAIL_ADDRESS_1>\n');
  });

  it('refuses an unknown boundary', async () => {
    const r = await cli(['pii', 'mask', '--boundary', 'display', '--policy', policies], 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--boundary must be one of prompt, storage, logs, export');
  });
});
