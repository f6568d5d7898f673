import { describe, expect, it } from 'vitest';
import type { Boundary } from './config.js';
import { defaultPiiConfig } from './config.js';
import { createPiiEngine, mayRestore, piiEngineFor } from './engine.js';
import { isPiiError } from './errors.js';
import { createStreamingRestorer, restore } from './operators/restore.js';
import { MemoryVault } from './operators/vault.js';

const config = defaultPiiConfig();
const engine = createPiiEngine(config, { contextual: [] });

describe('PiiEngine', () => {
  it('masks per boundary and counts by entity type', () => {
    const vault = new MemoryVault();
    const text = 'Mail jane@example.com, SSN 536-90-4399, again jane@example.com';
    const prompt = engine.mask(text, 'prompt', { vault });
    expect(prompt.text).toBe('Mail <EMAIL_ADDRESS_1>, SSN <US_SSN_1>, again <EMAIL_ADDRESS_1>');
    expect(prompt.counts).toEqual({ EMAIL_ADDRESS: 2, US_SSN: 1 });
    expect(prompt.findings).toHaveLength(3);
    expect(engine.mask(text, 'logs').text).toBe('Mail <EMAIL_ADDRESS>, SSN <US_SSN>, again <EMAIL_ADDRESS>');
    // The model answers with placeholders; the author sees them restored, streamed or not.
    const answer = 'I will write to <EMAIL_ADDRESS_1> about <US_SSN_1>.';
    expect(restore(answer, vault)).toBe('I will write to jane@example.com about 536-90-4399.');
    const s = createStreamingRestorer(vault);
    expect(s.push(answer.slice(0, 20)) + s.push(answer.slice(20)) + s.end()).toBe(restore(answer, vault));
  });

  it('refuses an unknown boundary', () => {
    let caught: unknown;
    try {
      engine.mask('x', 'display' as Boundary);
    } catch (err) {
      caught = err;
    }
    expect(isPiiError(caught, 'pii_unknown_boundary')).toBe(true);
  });

  it('lets the author and the listed roles see restored values, nobody else', () => {
    const rule = { author: true, roles: ['clinician'] };
    expect(mayRestore(rule, { isAuthor: true, roles: [] })).toBe(true);
    expect(mayRestore(rule, { isAuthor: false, roles: ['staff', 'clinician'] })).toBe(true);
    expect(mayRestore(rule, { isAuthor: false, roles: ['staff', 'admin'] })).toBe(false);
    expect(mayRestore({ author: false, roles: [] }, { isAuthor: true, roles: ['admin'] })).toBe(false);
    expect(engine.mayRestore({ isAuthor: true, roles: [] })).toBe(true);
  });

  it('is built once per configuration', () => {
    expect(piiEngineFor(config)).toBe(piiEngineFor(config));
    expect(piiEngineFor(defaultPiiConfig())).not.toBe(piiEngineFor(config));
  });
});
