#!/usr/bin/env node
// Puts the demo model (stories260K.gguf) into models/. Offline it is copied from
// ../shared/models/; on a connected machine it may be downloaded from the catalog's
// `source`. Either way the file is checked against the catalog's SHA-256 before it stays.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = path.join(root, 'models');
const catalog = YAML.parse(readFileSync(path.join(modelsDir, 'catalog.yaml'), 'utf8'));
const demo = catalog.models.find((m) => m.id === 'stories260k');
const target = path.join(modelsDir, demo.file);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

if (existsSync(target) && sha256(target) === demo.sha256) {
  console.log(`models/${demo.file} already present and verified`);
  process.exit(0);
}
const partial = `${target}.partial`;
const local = path.resolve(root, '..', 'shared', 'models', demo.file);
if (existsSync(local)) {
  copyFileSync(local, partial);
} else if (process.argv.includes('--download')) {
  const res = await fetch(demo.source);
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  writeFileSync(partial, Buffer.from(await res.arrayBuffer()));
} else {
  console.error(`No ${local}. On a connected machine run: npm run models:demo -- --download`);
  process.exit(1);
}
const actual = sha256(partial);
if (actual !== demo.sha256) {
  rmSync(partial);
  console.error(`Refusing ${demo.file}: SHA-256 ${actual}, catalog pins ${demo.sha256}`);
  process.exit(1);
}
renameSync(partial, target);
console.log(`models/${demo.file} installed and verified (${demo.sha256})`);
