/**
 * Test helpers: small bundles written to temporary directories. Used by the `*.test.ts` files
 * beside this one; not imported by the server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PolicyInvalidError } from '../errors.js';
import { loadBundle } from '../load.js';
import type { PolicyBundle } from '../model.js';
import type { PolicyProblem } from '../types.js';

const created: string[] = [];

/** A minimal valid rbac.yaml. */
export const MINIMAL_RBAC = `roles:
  staff:
    permissions: [chat:use]
`;

/** MINIMAL_RBAC where every subject has the `staff` role. */
export const STAFF_RBAC = `defaultRoles: [staff]\n${MINIMAL_RBAC}`;

/** Writes `files` (relative path → content) into a fresh temporary directory. */
export function writeBundle(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-policy-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Loads a bundle made of `files`. */
export function bundleOf(files: Record<string, string | Buffer>): PolicyBundle {
  return loadBundle(writeBundle(files));
}

/** Loads `files`, which must be invalid; returns the problems (throws if the bundle loads). */
export function problemsOf(files: Record<string, string | Buffer>): readonly PolicyProblem[] {
  try {
    loadBundle(writeBundle(files));
  } catch (err) {
    if (err instanceof PolicyInvalidError && err.code === 'policy_invalid') return err.problems;
    throw err;
  }
  throw new Error('expected the bundle to be invalid, but it loaded');
}

/** Removes every directory made by writeBundle (call from afterAll). */
export function cleanUpBundles(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
