/**
 * Ingestion throughput for bench:rag (issue 7: "ingestion MB/s excluding embedding time"):
 * parse + structure-aware chunking of generated documents of each format, on one core. Chunk
 * budgets are counted with a whitespace tokenizer, so the model's tokenizer and embedding are
 * excluded, as the issue asks.
 */
import { chunkDocument, parseDocument, resolveLimits } from '../../server/documents/index.js';
import { makeDocx } from '../../server/documents/test-support/docx.js';
import { makePdf } from '../../server/documents/test-support/pdf.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function paragraphs(n: number, sentence: (k: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => `${sentence(12 + (i % 20))}. ${sentence(8 + (i % 7))}.`);
}

/** MB/s per format; `sentence(n)` returns n generated words. */
export async function ingestionThroughput(sentence: (n: number) => string): Promise<Record<string, object>> {
  const paras = paragraphs(4000, sentence);
  const md = paras.map((p, i) => (i % 20 === 0 ? `# Section ${i}\n\n${p}` : p)).join('\n\n');
  const html = `<html><body>${paras.map((p, i) => (i % 20 === 0 ? `<h2>S${i}</h2><p>${p}</p>` : `<p>${p}</p>`)).join('')}</body></html>`;
  const csv = ['id,name,notes', ...paras.map((p, i) => `${i},item ${i},"${p.replace(/"/g, '""')}"`)].join(
    '\n',
  );
  const pdf = Buffer.from(
    await makePdf(
      Array.from({ length: 60 }, (_, page) =>
        paras.slice(page * 40, page * 40 + 40).map((p) => p.slice(0, 90)),
      ),
    ),
  );
  const docx = makeDocx(
    paras.slice(0, 1500).map((text, i) => (i % 25 === 0 ? { heading: 1 as const, text } : { text })),
  );
  const inputs: [string, string, Buffer][] = [
    ['text', 'notes.txt', Buffer.from(paras.join('\n\n'))],
    ['markdown', 'notes.md', Buffer.from(md)],
    ['html', 'notes.html', Buffer.from(html)],
    ['csv', 'table.csv', Buffer.from(csv)],
    ['pdf', 'doc.pdf', pdf],
    ['docx', 'doc.docx', docx],
  ];
  const out: Record<string, object> = {};
  for (const [type, name, bytes] of inputs) {
    const t0 = process.hrtime.bigint();
    const parsed = await parseDocument(bytes, { name, limits: resolveLimits({ maxBytes: 64 * 1_048_576 }) });
    const chunks = chunkDocument(parsed, { countTokens: words, budget: 256, overlap: 32 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    out[type] = {
      mb: Math.round((bytes.length / 1_048_576) * 100) / 100,
      chunks: chunks.length,
      seconds: Math.round(seconds * 1000) / 1000,
      mb_per_s: Math.round((bytes.length / 1_048_576 / seconds) * 10) / 10,
    };
  }
  return out;
}
