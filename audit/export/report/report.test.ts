import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../store/index.js';
import { exportAndVerify, invalidItems, tempDir } from '../test-support/bundle-fixture.js';
import { CSV_COLUMNS, CSV_NOTICE, csvCell, csvRecord } from './csv.js';
import { escapeHtml, renderHtml } from './html.js';
import { ReportBuilder } from './summary.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A strict RFC 4180 reader, independent of the writer: records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i++;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        value += text[i++];
      }
    }
    fields.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(fields);
      fields = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return records;
}

const CTX = { origin: 'o', from: 0, to: 0, treeSize: 0, rootHex: '00', checkpoint: 'o\n0\nAA==\n' };

describe('report.csv cells (RFC 4180, formula injection)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=a,"b"', `"'=a,""b"""`],
    ['a=b', 'a=b'],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
    expect(parseCsv(csvRecord([value, 'z']))).toEqual([
      [value.match(/^[=+\-@\t\r]/) ? `'${value}` : value, 'z'],
    ]);
  });
});

describe('report.html', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('keeps the first and last 100 rows of a long range, and says the CSV has the rest', () => {
    let csv = '';
    const b = new ReportBuilder((t) => {
      csv += t;
    });
    for (let seq = 0; seq < 250; seq++) b.add({ seq, action: 'chat.request', outcome: 'success' });
    const s = b.summary();
    expect([s.head.length, s.tail.length, s.omitted]).toEqual([100, 100, 50]);
    expect(s.tail.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => String(150 + i)));
    expect(parseCsv(csv)).toHaveLength(252); // notice, header, 250 rows
    const html = renderHtml(s, CTX);
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(200);
    expect(html).toContain('… 50 entries not shown here; report.csv has all 250 …');
  });

  it('summarises by actor and by action, counts by outcome, largest first, bounded', () => {
    const b = new ReportBuilder(() => undefined);
    const add = (actor: string, action: string, outcome?: string) =>
      b.add({ actor, actor_type: 'user', action, ...(outcome ? { outcome } : {}) });
    add('x', 'auth.login.failed', 'denied');
    add('x', 'auth.login.failed', 'denied');
    add('x', 'auth.login.succeeded', 'success');
    add('y', 'auth.login.failed', 'error');
    add('y', 'weird');
    for (let i = 0; i < 600; i++) add(`z${String(i).padStart(3, '0')}`, 'chat.request', 'success');
    const s = b.summary();
    expect(s.byActor.lines[0]).toEqual({
      key: ['user', 'x'],
      counts: { success: 1, denied: 2, error: 0, other: 0 },
      total: 3,
    });
    expect(s.byActor.lines).toHaveLength(500);
    expect(s.byActor.more).toBe(102);
    expect(s.byAction.lines.map((l) => [l.key[0], l.total])).toEqual([
      ['chat.request', 600],
      ['auth.login.failed', 3],
      ['auth.login.succeeded', 1],
      ['weird', 1],
    ]);
    expect(s.byAction.lines.find((l) => l.key[0] === 'weird')?.counts.other).toBe(1);
    expect(renderHtml(s, CTX)).toContain('<p>102 more not shown; see report.csv.</p>');
  });
});

describe('reports of a hostile entry, through a whole export', () => {
  it('an object id and a reason with markup and formulas are inert in both reports', async () => {
    const store = openAuditStore(tmp.path('hostile.db'));
    const evil = `=cmd|' /C calc'!A0"<script>alert(1)</script>`;
    try {
      await store.append({
        actor: 'a'.repeat(64),
        actor_type: 'user',
        roles: ['admin', 'auditor'],
        action: 'document.read',
        object: { type: 'document', id: evil },
        outcome: 'denied',
        reason: '<img src=x onerror=alert(1)>',
        request_id: '-req-0001',
        personal: 'b'.repeat(64),
      });
      await store.append({ actor: 'parley', actor_type: 'system', roles: [], action: 'server.started' });
      const r = await exportAndVerify(store, tmp);
      expect(invalidItems(r.report)).toEqual([]);

      const rows = parseCsv(readFileSync(join(r.dir, 'report.csv'), 'utf8'));
      expect(rows[0]?.[0]).toBe(CSV_NOTICE);
      expect(rows[1]).toEqual([...CSV_COLUMNS]);
      const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[2]?.[i]]));
      expect(row).toMatchObject({
        seq: '0',
        roles: 'admin;auditor',
        object_type: 'document',
        object_id: `'${evil}`,
        reason: '<img src=x onerror=alert(1)>',
        request_id: "'-req-0001",
        redacted: 'yes',
      });
      expect([rows[3]?.[2], rows[3]?.[4], rows[3]?.[11]]).toEqual(['parley', '', 'no']);

      const html = readFileSync(join(r.dir, 'report.html'), 'utf8');
      // Only the page's own elements: nothing from the log became markup.
      const tags = new Set([...html.matchAll(/<([a-z][\w-]*)/gi)].map((m) => m[1]?.toLowerCase()));
      expect([...tags].sort()).toEqual([
        'body',
        'h1',
        'h2',
        'head',
        'html',
        'meta',
        'p',
        'pre',
        'style',
        'table',
        'td',
        'th',
        'title',
        'tr',
      ]);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('=cmd|&#39; /C calc&#39;!A0&quot;');
      expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
      expect(html).toMatch(/^<!DOCTYPE html>\n<!-- DERIVED, NOT AUTHORITATIVE/);
    } finally {
      store.close();
    }
  });
});
