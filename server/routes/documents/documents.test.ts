import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeUserRole } from '../../storage/userRoles.js';
import { postJson } from '../../test-support/http.js';
import { startTestServer, type TestServer } from '../../test-support/server.js';

// Issue 7: upload, background ingestion, search and deletion through the real server, with
// the default policy bundle (hospital-handbook: staff read; nursing-procedures: clinicians of
// nursing only; admins manage every collection).

let server: TestServer;
let admin: string;
let staff: string;

const HANDBOOK = `# Hand hygiene\n\nWash hands with soap for twenty seconds before and after every patient contact.\n\n# Visiting hours\n\nVisitors are welcome from ten to eight.\n`;
const NURSING = `# Central line care\n\nFlush the central line with saline and change the dressing every seven days; wash hands first.\n`;

function upload(token: string, collection: string, name: string, bytes: Uint8Array | string) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? Buffer.from(bytes) : bytes]), name);
  return fetch(`${server.url}/api/collections/${collection}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

async function ingested(token: string, collection: string, name: string, text: string): Promise<string> {
  const res = await upload(token, collection, name, text);
  expect(res.status).toBe(202);
  const body = await res.json();
  await server.deps.documents.queue.whenIdle();
  return body.id as string;
}

const search = (token: string, body: object) => postJson(`${server.url}/api/search`, token, body);
const entries = (action: string) =>
  server.deps.auditLog.search.search({ action }, -1, 1000).entries.map((e) => JSON.parse(e.body.toString()));

beforeAll(async () => {
  server = await startTestServer({ documents: { maxUploadBytes: 64 * 1024 } });
  admin = server.token('doc-admin', { roles: ['admin'] }).token;
  staff = server.token('doc-staff').token;
});
afterAll(async () => {
  await server?.stop();
});

describe('issue 7: ingestion', () => {
  it('ingests a Markdown upload in the background: queued, then done with chunks; audited', async () => {
    const res = await upload(admin, 'hospital-handbook', 'handbook.md', HANDBOOK);
    expect(res.status).toBe(202);
    const queued = await res.json();
    expect(queued).toMatchObject({
      collection: 'hospital-handbook',
      name: 'handbook.md',
      type: 'markdown',
      duplicate: false,
    });
    expect(['queued', 'parsing', 'embedding', 'done']).toContain(queued.status);
    await server.deps.documents.queue.whenIdle();
    const doc = await (
      await fetch(`${server.url}/api/documents/${queued.id}`, {
        headers: { authorization: `Bearer ${staff}` },
      })
    ).json();
    expect(doc).toMatchObject({ status: 'done', progress: 1 });
    expect(doc.chunk_count).toBeGreaterThanOrEqual(2); // two sections never share a chunk
    expect(entries('document.uploaded').some((e) => e.object.id === queued.id)).toBe(true);

    const again = await upload(admin, 'hospital-handbook', 'copy.md', HANDBOOK);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: queued.id, duplicate: true });
  });

  it('refuses bad uploads with a clear error and keeps other jobs going', async () => {
    const empty = await upload(admin, 'hospital-handbook', 'empty.txt', '');
    expect(empty.status).toBe(422);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const fake = await upload(admin, 'hospital-handbook', 'report.pdf', png);
    expect(fake.status).toBe(415);
    expect((await fake.json()).error.code).toBe('unsupported_document');
    const big = await upload(admin, 'hospital-handbook', 'big.txt', 'a'.repeat(70 * 1024));
    expect(big.status).toBe(413);

    // A hostile name is cleaned for display; the corrupt PDF fails alone, the note is ingested.
    const corrupt = await upload(admin, 'hospital-handbook', '../../etc/passwd.pdf', '%PDF-1.7\n%garbage\n');
    expect(corrupt.status).toBe(202);
    const corruptDoc = await corrupt.json();
    expect(corruptDoc.name).not.toContain('..');
    expect(corruptDoc.name).not.toContain('\u0000');
    const html = await upload(
      admin,
      'hospital-handbook',
      'page.html',
      '<html><body><h1>Parking</h1><p onclick="steal()">Staff park in lot B.</p><script>alert("x")</script></body></html>',
    );
    expect(html.status).toBe(202);
    const htmlDoc = await html.json();
    await server.deps.documents.queue.whenIdle();
    const failed = server.deps.db
      .prepare('SELECT status, status_reason FROM documents WHERE id = ?')
      .get(corruptDoc.id);
    expect(failed).toEqual({ status: 'failed', status_reason: 'corrupt' });
    const chunks = server.deps.db
      .prepare('SELECT text FROM chunks WHERE document_id = ?')
      .all(htmlDoc.id) as { text: string }[];
    expect(chunks.map((c) => c.text).join(' ')).toContain('Staff park in lot B.');
    expect(JSON.stringify(chunks)).not.toMatch(/alert|steal/);
    const noFile = await fetch(`${server.url}/api/collections/hospital-handbook/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noFile.status).toBe(415);
    // A NUL in the part header's file name makes the multipart body malformed: a clear 400.
    const nul = await upload(admin, 'hospital-handbook', 'a\u0000b.txt', 'text');
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.message).toMatch(/multipart/);
  });
});

describe('issue 7: permission-aware search and deletion', () => {
  it('never returns a passage of a collection the caller may not read, even the best match', async () => {
    await ingested(admin, 'hospital-handbook', 'hygiene.md', HANDBOOK.replace('twenty', '20'));
    const nursingId = await ingested(admin, 'nursing-procedures', 'lines.md', NURSING);
    const q = { query: 'central line dressing saline flush' };
    const asAdmin = await (await search(admin, q)).json();
    expect(asAdmin.data[0]).toMatchObject({ document_id: nursingId, collection: 'nursing-procedures' });
    const asStaff = await (await search(staff, q)).json();
    expect(asStaff.data.length).toBeGreaterThan(0);
    expect(asStaff.data.every((r: { collection: string }) => r.collection === 'hospital-handbook')).toBe(
      true,
    );
    const direct = await search(staff, { ...q, collections: ['nursing-procedures'] });
    expect(direct.status).toBe(404);
    expect(
      (
        await fetch(`${server.url}/api/documents/${nursingId}`, {
          headers: { authorization: `Bearer ${staff}` },
        })
      ).status,
    ).toBe(404);
    expect(entries('collection.searched').length).toBeGreaterThan(0);
  });

  it('a revoked grant takes effect at the next request', async () => {
    const { token } = server.token('temp-admin', { roles: ['admin'] });
    const q = { query: 'central line dressing saline flush' };
    expect(
      (await (await search(token, q)).json()).data.some(
        (r: { collection: string }) => r.collection === 'nursing-procedures',
      ),
    ).toBe(true);
    const user = server.deps.db.prepare("SELECT id FROM users WHERE username = 'temp-admin'").get() as {
      id: string;
    };
    revokeUserRole(server.deps.db, user.id, 'admin');
    const after = (await (await search(token, q)).json()).data as { collection: string }[];
    expect(after.some((r) => r.collection === 'nursing-procedures')).toBe(false);
  });

  it('deleting a document removes its chunks and vectors; staff may not delete; audited', async () => {
    const id = await ingested(
      admin,
      'hospital-handbook',
      'temp.md',
      '# Temporary\n\nThe cafeteria closes at nine.\n',
    );
    const del = (token: string) =>
      fetch(`${server.url}/api/documents/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await del(staff)).status).toBe(403);
    expect((await del(admin)).status).toBe(204);
    expect(server.deps.db.prepare('SELECT count(*) AS n FROM chunks WHERE document_id = ?').get(id)).toEqual({
      n: 0,
    });
    const found = (await (await search(admin, { query: 'cafeteria closes' })).json()).data as {
      document_id: string;
    }[];
    expect(found.some((r) => r.document_id === id)).toBe(false);
    expect(entries('document.deleted').some((e) => e.object.id === id)).toBe(true);
    expect((await del(admin)).status).toBe(404);
  });
});
