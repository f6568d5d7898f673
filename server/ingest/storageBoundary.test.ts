import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../auth/local/secretBox.js';
import type { Chunk } from '../documents/index.js';
import { bundleOf, cleanUpBundles } from '../policy/test-support/fixtures.js';
import { maskForStorage, storesUnmasked } from './storageBoundary.js';

// Issue 7: the PII storage boundary applies to document text; a collection the policy marks
// `holdsPhi: true` is stored as uploaded (protected by who may read it).
afterAll(() => cleanUpBundles());

const RBAC = `roles:
  staff:
    permissions: [collection:read]
collections:
  handbook:
    grants: [{ role: staff, access: read }]
  patient-letters:
    attributes: { holdsPhi: true }
    grants: [{ role: staff, access: read }]
`;

const chunk = (text: string): Chunk => ({ index: 0, text, tokens: text.split(/\s+/).length });

describe('document text at the storage boundary', () => {
  const bundle = bundleOf({ 'rbac.yaml': RBAC });
  const deps = { policy: { current: bundle }, secretBox: createSecretBox(randomBytes(32)) };
  const words = (t: string) => t.split(/\s+/).length;

  it('masks personal data by default, consistently within a document, and recounts tokens', () => {
    const out = maskForStorage(
      deps,
      'handbook',
      [chunk('Write to jane.doe@example.com or call her.'), chunk('Again: jane.doe@example.com.')],
      words,
    );
    expect(out.map((c) => c.text).join(' ')).not.toContain('jane.doe@example.com');
    expect(out[0]?.text).toContain('<EMAIL_ADDRESS_1>');
    expect(out[1]?.text).toContain('<EMAIL_ADDRESS_1>');
    expect(out[0]?.tokens).toBe(words(out[0]?.text ?? ''));
  });

  it('keeps text as uploaded in a collection marked holdsPhi', () => {
    expect(storesUnmasked(bundle, 'patient-letters')).toBe(true);
    expect(storesUnmasked(bundle, 'handbook')).toBe(false);
    const out = maskForStorage(deps, 'patient-letters', [chunk('Write to jane.doe@example.com.')], words);
    expect(out[0]?.text).toBe('Write to jane.doe@example.com.');
  });
});
