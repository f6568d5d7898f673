import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceEngine } from '../inference/engine.js';
import { startTestEngine } from '../test-support/engine.js';
import { chunkDocument } from './chunk.js';
import { parseDocument } from './parse.js';

// The real tokenizer of the demo model (stories260K, a SentencePiece vocabulary of 512
// pieces), loaded the way the server loads it: through InferenceEngine, one thread.
let engine: InferenceEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});

afterAll(async () => {
  await engine?.close();
});

describe('chunkDocument with the demo model tokenizer', () => {
  it('keeps every chunk within the budget as the model counts tokens', async () => {
    const countTokens = (text: string) => engine.embedding.model.tokenize(text).length;
    const md = [
      '# Nursing procedures',
      '## Hand hygiene',
      'Wash your hands with soap for at least twenty seconds. Dry them with a single-use towel. '.repeat(12),
      '',
      'Alcohol gel is used between patients when hands are not visibly soiled.',
      '## Medication',
      `Check the patient's name, date of birth and allergies before every dose. ${'Überprüfen Sie die Dosis. '.repeat(8)}`,
      '',
      `Identifiers such as ${'X'.repeat(300)} are split where needed.`,
    ].join('\n');
    const parsed = await parseDocument(Buffer.from(md, 'utf8'), { name: 'nursing.md' });
    const budget = 48;
    const chunks = chunkDocument(parsed, { countTokens, budget, overlap: 8 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(budget);
      expect(c.tokens).toBe(countTokens(c.text));
      expect(c.section).toMatch(/^Nursing procedures > (Hand hygiene|Medication)$/);
    }
    // The tokenizer is not the word counter: the budget binds on tokens, not words.
    const first = chunks[0]?.text ?? '';
    expect(countTokens(first)).not.toBe(first.split(/\s+/).length);
  });
});
