import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Read-only test data beside the checkout (never copied into the repository). */
export const sharedModelsDir = path.resolve(repoRoot, '..', 'shared', 'models');
/** The repository's model catalog. */
export const catalogFile = path.join(repoRoot, 'models', 'catalog.yaml');
/** The repository's default policy bundle. */
export const policyDir = path.join(repoRoot, 'policies');
