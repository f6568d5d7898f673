import type { Chunk } from '../documents/index.js';
import { MemoryVault, piiEngineFor } from '../pii/index.js';
import type { PolicyBundle } from '../policy/index.js';
import { maskAt, operatorKeys } from '../privacy/boundaries.js';
import type { IngestDeps } from './ingestDocument.js';

/**
 * Whether a collection keeps document text as uploaded: the policy marks it with the attribute
 * `holdsPhi: true` (rbac.yaml `collections.<name>.attributes`), meaning its content is personal
 * or health data by design and is protected by who may read it, not by masking.
 */
export function storesUnmasked(bundle: PolicyBundle, collection: string): boolean {
  return bundle.rbac.collections.get(collection)?.attributes.holdsPhi === true;
}

/**
 * The storage boundary of pii.yaml applied to document text (issue 7). By default every
 * chunk is masked before it is embedded and stored; placeholders of `pseudonymize` are
 * consistent within the document and not restorable (no vault is kept for documents). A
 * collection marked `holdsPhi: true` is stored unmasked. Token counts are taken again after
 * masking, since a placeholder can be longer than the value it replaces.
 */
export function maskForStorage(
  deps: Pick<IngestDeps, 'policy' | 'secretBox'>,
  collection: string,
  chunks: readonly Chunk[],
  countTokens: (text: string) => number,
): Chunk[] {
  const bundle = deps.policy.current;
  if (storesUnmasked(bundle, collection)) return [...chunks];
  const engine = piiEngineFor(bundle.pii);
  const ctx = { ...operatorKeys(deps.secretBox), vault: new MemoryVault() };
  return chunks.map((c) => {
    const text = maskAt(engine, c.text, 'storage', ctx).text;
    return text === c.text ? c : { ...c, text, tokens: countTokens(text) };
  });
}
