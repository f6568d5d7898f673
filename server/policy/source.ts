/**
 * Reads one policy file into plain data plus a way to find the line and column of any path in
 * it. All content here is author-controlled (see guards.ts): every check reports a place.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import YAML, { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node } from 'yaml';
import { decodePolicyText, findExcessiveNesting, MAX_FILE_BYTES } from './guards.js';
import type { PolicyProblem } from './types.js';

/** A path into parsed data, as in a JSON pointer: map keys and sequence indexes. */
export type DataPath = readonly (string | number)[];

/** A parsed, checked policy file. */
export interface SourceFile {
  /** Path relative to the bundle directory, with `/` separators (`tests/roles.yaml`). */
  readonly file: string;
  /** Plain JSON-compatible data (`null` for an empty file). */
  readonly data: unknown;
  /** Where `path` is in the file; the nearest existing ancestor when the path does not exist. */
  locate(path: DataPath, at?: 'key' | 'value'): { line: number; column: number };
}

/** Reads, decodes, guards and parses `absPath`; problems are appended to `problems`. */
export function readPolicyFile(
  absPath: string,
  file: string,
  problems: PolicyProblem[],
): SourceFile | undefined {
  const bytes = readCapped(absPath, file, problems);
  if (!bytes) return undefined;
  const decoded = decodePolicyText(bytes);
  if ('problem' in decoded) {
    problems.push({
      file,
      ...positionIn(bytes.toString('utf8'), decoded.problem.offset),
      message: decoded.problem.message,
    });
    return undefined;
  }
  const text = decoded.text;
  const deep = findExcessiveNesting(text);
  if (deep) {
    problems.push({ file, ...positionIn(text, deep.offset), message: deep.message });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // YAML 1.2 core schema: no merge keys, no `!!binary`/`!!set` types; keys must be unique.
  const doc = YAML.parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
  });
  const before = problems.length;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key' : e.message.split('\n')[0];
    problems.push({ file, ...at(e.pos[0]), message: `${message} (YAML ${e.code})` });
  }
  if (problems.length > before) return undefined;
  const found: { offset: number; message: string }[] = [];
  if (doc.contents)
    checkNodes(doc.contents, (node, message) => found.push({ offset: node.range?.[0] ?? 0, message }));
  found.sort((a, b) => a.offset - b.offset);
  for (const f of found) problems.push({ file, ...at(f.offset), message: f.message });
  if (problems.length > before) return undefined;

  const data: unknown = doc.toJS() ?? null;
  return {
    file,
    data,
    locate(path, where = 'value') {
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const segment of path) {
        const next = child(node, segment);
        if (!next) break;
        node = next.value;
        keyNode = next.key;
      }
      const target = (where === 'key' && keyNode) || node || keyNode;
      return at((target as Node | undefined)?.range?.[0] ?? 0);
    },
  };
}

function readCapped(absPath: string, file: string, problems: PolicyProblem[]): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch (err) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `cannot be read (${(err as NodeJS.ErrnoException).code})`,
    });
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    // A FIFO or device would block or never end; refuse anything that is not a regular file.
    if (!stat.isFile()) {
      problems.push({ file, line: 1, column: 1, message: 'not a regular file' });
      return undefined;
    }
    if (stat.size > MAX_FILE_BYTES) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `file is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES}`,
      });
      return undefined;
    }
    // Read at most one byte past the cap, so a file that grows after fstat is still refused.
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_FILE_BYTES) {
      problems.push({
        file,
        line: 1,
        column: 1,
        message: `file is over the limit of ${MAX_FILE_BYTES} bytes`,
      });
      return undefined;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Anchors and aliases are refused outright: they are the "billion laughs" vector (a few
 * hundred bytes expanding to gigabytes), and a policy meant for review should spell every rule
 * out. Explicit tags are refused for the same reason (no custom types), as are non-scalar keys.
 */
function checkNodes(root: unknown, report: (node: Node, message: string) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      report(node, 'YAML aliases (*name) are not allowed in policy files');
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) report(node, 'YAML anchors (&name) are not allowed in policy files');
    if (node.tag) report(node, `YAML tags (${node.tag}) are not allowed in policy files`);
    if (isScalar(node)) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) report(node, 'number out of range');
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && pair.key !== null && !isScalar(pair.key)) {
          report(pair.key as Node, 'map keys must be plain names, not collections');
        } else {
          stack.push(pair.key);
        }
        stack.push(pair.value);
      }
    } else {
      stack.push(...node.items);
    }
  }
}

function child(node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { key: pair.key, value: pair.value ?? pair.key } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item ? { value: item } : undefined;
  }
  return undefined;
}

/** 1-based line and column (UTF-16 units) of `offset` in `text`. */
function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}
