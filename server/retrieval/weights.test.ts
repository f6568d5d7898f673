import { describe, expect, it } from 'vitest';
import { fusionWeights } from './weights.js';

describe('fusionWeights (issue 7: configurable weights)', () => {
  it('uses the configured weights with an embedding model', () => {
    expect(fusionWeights({ vector: 2, text: 0.5 }, 'embedding')).toEqual({ vector: 2, text: 0.5 });
  });

  it('caps the vector weight at 0.01 × text when the chat model embeds', () => {
    expect(fusionWeights({ vector: 1, text: 1 }, 'fallback')).toEqual({ vector: 0.01, text: 1 });
    expect(fusionWeights({ vector: 1, text: 3 }, 'fallback')).toEqual({ vector: 0.03, text: 3 });
    // A configured weight below the cap stays.
    expect(fusionWeights({ vector: 0.001, text: 1 }, 'fallback')).toEqual({ vector: 0.001, text: 1 });
    // Vectors alone configured: nothing to cap against, the configuration stands.
    expect(fusionWeights({ vector: 1, text: 0 }, 'fallback')).toEqual({ vector: 1, text: 0 });
  });

  it('searches text alone when no vector space is complete, even if text is weighted 0', () => {
    expect(fusionWeights({ vector: 1, text: 2 }, 'text-only')).toEqual({ vector: 0, text: 2 });
    expect(fusionWeights({ vector: 1, text: 0 }, 'text-only')).toEqual({ vector: 0, text: 1 });
  });
});
