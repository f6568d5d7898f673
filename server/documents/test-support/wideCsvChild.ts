// Run as a child process with a small heap (see csv.test.ts): parses a CSV whose first row
// has `argv[2]` columns and prints the error code. If the parser built the whole row before
// the column check, the row array alone would exceed the heap and the process would die.
import { isDocumentError } from '../errors.js';
import { parseDocument } from '../parse.js';

const columns = Number(process.argv[2]);
// A control run raises the column limit above the row's width: it must run out of heap.
const maxColumns = process.argv[3] ? Number(process.argv[3]) : undefined;
const bytes = Buffer.alloc(columns, ',');
bytes[bytes.length - 1] = 0x0a;
try {
  await parseDocument(bytes, {
    name: 'wide.csv',
    limits: { maxBytes: bytes.length, ...(maxColumns ? { maxColumns } : {}) },
  });
  process.stdout.write('no error\n');
} catch (err) {
  process.stdout.write(`${isDocumentError(err) ? err.code : String(err)}\n`);
}
