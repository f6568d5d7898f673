// manifest.json (FORMAT.md §7, step 1): the SHA-256 of every member, for transit integrity only
// (it is not signed). Members are hashed in chunks, so large ones are never read whole.
import { createHash } from 'node:crypto';
import type { BundleFiles } from './files.js';
import { FILES } from './format.js';
import { parseManifest } from './parse.js';
import { type ItemResult, reasonOf } from './result.js';

/** Every member but manifest.json itself, in bundle order. */
export const MANIFEST_MEMBERS: readonly string[] = Object.values(FILES).filter((n) => n !== FILES.manifest);

/**
 * Checks every member against manifest.json, one item per member, and returns the SHA-256 (hex)
 * of each member present, for checks that compare content with a rebuilt copy.
 */
export function checkManifest(files: BundleFiles, out: ItemResult[]): Map<string, string> {
  const actual = new Map<string, string>();
  for (const name of MANIFEST_MEMBERS) {
    if (!files.has(name)) continue;
    const h = createHash('sha256');
    for (const chunk of files.chunks(name)) h.update(chunk);
    actual.set(name, h.digest('hex'));
  }
  let manifest: Map<string, string>;
  try {
    const raw = files.read(FILES.manifest);
    if (!raw) throw new Error('missing');
    manifest = parseManifest(raw.toString('utf8'));
  } catch (err) {
    out.push({ item: FILES.manifest, ok: false, reason: reasonOf(err) });
    return actual;
  }
  for (const name of MANIFEST_MEMBERS) {
    const want = manifest.get(name);
    const got = actual.get(name);
    const item = `manifest ${name}`;
    if (got === undefined) out.push({ item, ok: false, reason: 'file is missing from the bundle' });
    else if (!want) out.push({ item, ok: false, reason: 'file is not listed in manifest.json' });
    else if (got !== want) out.push({ item, ok: false, reason: 'SHA-256 does not match manifest.json' });
    else out.push({ item, ok: true });
  }
  for (const name of manifest.keys()) {
    if (!MANIFEST_MEMBERS.includes(name)) {
      out.push({ item: `manifest ${name}`, ok: false, reason: 'not a member of this bundle format' });
    }
  }
  return actual;
}
